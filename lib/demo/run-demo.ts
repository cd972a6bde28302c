// The harness behind every example's `npm start`: serve the app on a free
// port, let a client talk to it, wait for every background task, then close.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { BackgroundTaskRunner } from '../background-tasks.js';

export async function runDemo(
  app: Express,
  tasks: BackgroundTaskRunner,
  client: (baseUrl: string) => Promise<void>,
) {
  const server = app.listen(0);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    await client(`http://127.0.0.1:${port}`);
    await tasks.settled();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
