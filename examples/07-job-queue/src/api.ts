// The API, a process of its own: POST /orders writes an order and its
// confirmation job; the workers send the emails.
//   DATABASE_URL=postgres://… PORT=3000 tsx src/api.ts
// It reports its port to its parent process over IPC when it has one (the
// tests), otherwise on stdout.
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { migrate } from './db.js';
import { poolTransaction } from './orders.js';
import { createPool } from './pool.js';
import { startQueue } from './queue.js';

const { DATABASE_URL, PORT = '3000' } = process.env;
if (!DATABASE_URL) throw new Error('set DATABASE_URL');

const pool = createPool(DATABASE_URL, 10);
await migrate(pool);
const boss = await startQueue(DATABASE_URL);
const transaction = poolTransaction(pool);
const server = createApp({ transaction, boss }).listen(Number(PORT), () => {
  const { port } = server.address() as AddressInfo;
  if (process.send) process.send({ type: 'listening', port });
  else console.log(`listening on http://127.0.0.1:${port}`);
});
