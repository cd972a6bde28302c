// The app on a port, shut down gracefully by SIGTERM or SIGINT. Each task's
// start, end and failure is logged with the id of its request.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDependencies } from './app.js';
import { backgroundTasks, type TaskEvent } from './lib/background-tasks.js';
import { requestId } from './request-id.js';
import type { Settings } from './settings.js';
import { gracefulShutdown } from './shutdown.js';

export interface ServerOptions extends Settings {
  confirm?: AppDependencies['confirm'];
  /** Passed on to backgroundTasks(); its default is 30 s. */
  taskTimeoutMs?: number;
}

// Tasks run in their request's async context, so its id is there.
const tag = () => `[${requestId()}]`;
const logEvent = ({ type, task }: TaskEvent) => {
  if (type === 'error') return; // logError has it
  const what = type === 'start' ? 'started' : 'finished';
  console.log(`task ${task} ${what} ${tag()}`);
};
const logError = ({ task, method, url, error }: TaskEvent) =>
  console.error(`task ${task} failed ${tag()} after ${method} ${url}:`, error);

// #region serve
export async function listenWithGracefulShutdown({
  port,
  deadlineMs,
  drainDelayMs,
  confirm,
  taskTimeoutMs,
}: ServerOptions) {
  const tasks = backgroundTasks({ onEvent: logEvent, logError, taskTimeoutMs });
  const shutdown = gracefulShutdown(tasks, {
    deadlineMs,
    drainDelayMs,
    log: console.log,
  });
  const { gate, ready } = shutdown;
  const app = createApp({ tasks, gate, ready, confirm });
  const server = app.listen(port);
  shutdown.listen(server);
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${bound}, pid ${process.pid}`);
  return server;
}
// #endregion serve
