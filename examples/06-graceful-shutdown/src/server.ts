// npm run serve: the app on PORT until SIGTERM or SIGINT. Its settings and
// their defaults: src/settings.ts.
import { serve } from './serve.js';
import { settingsFrom } from './settings.js';

await serve(settingsFrom(process.env));
