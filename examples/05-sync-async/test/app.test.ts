import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDependencies, createApp } from '../src/app.js';
import { openConnection, type Reply } from '../src/client.js';
import { fingerprint } from '../src/fingerprint.mjs';
import { backgroundTasks } from '../src/lib/background-tasks.js';
import { latch } from '../src/lib/latch.js';
import { runWorker } from '../src/worker.js';

const ITERATIONS = 1_000; // the order of events does not depend on how long the work takes
const TEXT = 'quarterly report';
const heldWorker = new URL('./held-worker.mjs', import.meta.url);

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Request A (POST `path`) schedules one task. Request B (GET /documents) goes out on its own,
 * already open connection from inside the task's 'start' event, so before the task's code runs.
 * `events` records in order: each request received and answered, B sent, the task's start and end.
 */
async function twoRequests(path: string, deps: Partial<AppDependencies> = {}) {
  const events: string[] = [];
  const sentB = latch<{ reply: Promise<Reply> }>();
  let sendB = () => {};
  const tasks = backgroundTasks({
    onEvent: (event) => {
      events.push(`task ${event.type}`);
      if (event.type === 'start') sendB();
    },
  });
  const app = express();
  app.use((req, res, next) => {
    const name = req.method === 'POST' ? 'A' : 'B';
    events.push(`${name} received`);
    res.on('finish', () => events.push(`${name} answered`));
    next();
  });
  app.use(createApp({ tasks, iterations: ITERATIONS, ...deps }));

  const server = app.listen(0);
  await once(server, 'listening');
  cleanups.push(
    () => new Promise((resolve) => server.close(resolve)),
    () => server.closeAllConnections(),
  );
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const second = await openConnection(baseUrl);
  cleanups.push(second.close);
  sendB = () => {
    events.push('B sent');
    sentB.open({ reply: second.get('/documents') });
  };

  const resA = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: TEXT }),
  });
  const { id } = (await resA.json()) as { id: string };
  const { reply } = await sentB.opened;
  return { events, tasks, baseUrl, statusA: resA.status, id, replyB: reply };
}

/** B is received and answered after the task started and before it ended. */
const answeredWhileTaskRuns = [
  'A received',
  'A answered',
  'task start',
  'B sent',
  'B received',
  'B answered',
];

describe('a second request while a background task runs', () => {
  it('waits for a sync CPU task: it is received only after the task has finished', async () => {
    const { events, tasks, statusA, id, replyB } =
      await twoRequests('/documents/sync');
    const b = await replyB;
    await tasks.settled();
    expect(statusA).toBe(201);
    expect(b.writtenAtOnce).toBe(true); // B's bytes had left the client before the task's code ran
    expect(events).toEqual([
      'A received',
      'A answered',
      'task start',
      'B sent',
      'task end',
      'B received',
      'B answered',
    ]);
    expect(b.body).toEqual([
      { id, status: 'done', fingerprint: fingerprint(TEXT, ITERATIONS) },
    ]);
  });

  it('does not wait for an async I/O task: it is answered while the task is still pending', async () => {
    const upload = latch();
    const { events, tasks, statusA, id, replyB } = await twoRequests(
      '/documents/async',
      { upload: () => upload.opened },
    );
    const b = await replyB; // the upload is held on its latch all this time
    expect(statusA).toBe(201);
    expect(events).toEqual(answeredWhileTaskRuns);
    expect(b.body).toEqual([{ id, status: 'processing' }]);
    expect(tasks.pending).toBe(1);
    upload.open();
    await tasks.settled();
    expect(events.at(-1)).toBe('task end');
  });

  it('does not wait for CPU work in a worker thread: it is answered while the worker task is pending', async () => {
    // The held worker blocks its own thread with Atomics.wait until the test sets the flag.
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const release = () => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    };
    cleanups.push(release); // never leave a thread blocked, even if an expectation fails
    const runInWorker = (text: string, iterations: number) =>
      runWorker<string>(heldWorker, { text, iterations, hold: flag.buffer });

    const { events, tasks, baseUrl, statusA, id, replyB } = await twoRequests(
      '/documents/worker',
      { runInWorker },
    );
    const b = await replyB;
    expect(statusA).toBe(201);
    expect(events).toEqual(answeredWhileTaskRuns);
    expect(b.body).toEqual([{ id, status: 'processing' }]);
    expect(tasks.pending).toBe(1);
    release();
    await tasks.settled();
    expect(events.at(-1)).toBe('task end');
    const later = await fetch(`${baseUrl}/documents`);
    expect(await later.json()).toEqual([
      { id, status: 'done', fingerprint: fingerprint(TEXT, ITERATIONS) },
    ]);
  });
});
