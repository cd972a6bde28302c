// npm run serve: the app on PORT until SIGTERM or SIGINT. Its settings and
// their defaults: src/settings.ts.
import { listenWithGracefulShutdown } from './serve.js';
import { settingsFrom } from './settings.js';

await listenWithGracefulShutdown(settingsFrom(process.env));
