// npm run serve: the app on PORT (3000 by default) until SIGTERM or SIGINT.
// SHUTDOWN_DEADLINE_MS (8000 by default) bounds the drain.
import { serve } from './serve.js';

await serve({
  port: Number(process.env.PORT ?? 3000),
  deadlineMs: Number(process.env.SHUTDOWN_DEADLINE_MS ?? 8000),
});
