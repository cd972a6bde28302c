// No task is lost or run twice under load: 2,000 requests, 50 at a time,
// over real keep-alive connections on the loopback interface. Counts only:
// nothing here depends on how fast this machine is.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import {
  backgroundTasks,
  type TaskEvent,
} from '../src/lib/background-tasks.js';
import { type Child, controlledServer, stop } from './child.js';

const TOTAL = 2000;
const CONCURRENCY = 50;

interface Outcome {
  email: string;
  status?: number;
  orderId?: string;
  code?: string;
  /** A client error: ECONNREFUSED, ECONNRESET… */
  error?: string;
}

/** One POST /orders; never rejects: a failure is an outcome too. */
function send(port: number, agent: http.Agent, email: string) {
  return new Promise<Outcome>((resolve) => {
    const body = JSON.stringify({ email });
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    const options = { host: '127.0.0.1', port, agent, headers };
    const req = http.request({ ...options, method: 'POST', path: '/orders' });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ email, error: `response cut: ${e.code}` }),
      );
      res.on('end', () => {
        const json = JSON.parse(text);
        const { order_id: orderId, error } = json;
        resolve({ email, status: res.statusCode, orderId, code: error?.code });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ email, error: e.code }),
    );
    req.end(body);
  });
}

/** Sends one request per email, CONCURRENCY at a time; calls `answered`
 * with the number of outcomes so far after each one. */
async function load(
  port: number,
  emails: string[],
  answered: (n: number) => void = () => {},
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      outcomes.push(await send(port, agent, emails[next++]!));
      answered(outcomes.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return outcomes;
}

const emails = (name: (i: number) => string) =>
  Array.from({ length: TOTAL }, (_, i) => `${name(i)}-${i}@example.com`);
const ids = (outcomes: Outcome[]) => outcomes.map((o) => o.orderId!).sort();
const sorted = (list: string[]) => [...list].sort();

describe('no loss under load, in one process', () => {
  const ran: string[] = [];
  const errors: TaskEvent[] = [];
  const tasks = backgroundTasks({ logError: (e) => errors.push(e) });
  // By the email: fail-sync- throws at once, fail-async- rejects later,
  // any other records its order id.
  function confirm(orderId: string, email: string): unknown {
    if (email.startsWith('fail-sync-')) throw new Error(orderId);
    if (email.startsWith('fail-async-'))
      return Promise.resolve().then(() => Promise.reject(new Error(orderId)));
    return Promise.resolve().then(() => void ran.push(orderId));
  }
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = createApp({ tasks, confirm }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => void server.close());

  it('runs the task of each of 2,000 requests exactly once', async () => {
    ran.length = errors.length = 0;
    const outcomes = await load(
      port,
      emails(() => 'ok'),
    );
    await tasks.settled();
    expect(outcomes.filter((o) => o.status === 201)).toHaveLength(TOTAL);
    expect(new Set(ids(outcomes)).size).toBe(TOTAL);
    expect(sorted(ran)).toEqual(ids(outcomes)); // each once, none other
    expect(errors).toEqual([]);
    expect(tasks.pending).toBe(0);
  });

  it('with 10% of the tasks failing (half throw, half reject), logs each failure once and runs every other task once', async () => {
    ran.length = errors.length = 0;
    const outcomes = await load(
      port,
      emails((i) => (i % 10 ? 'ok' : i % 20 ? 'fail-async' : 'fail-sync')),
    );
    await tasks.settled();
    expect(outcomes.filter((o) => o.status === 201)).toHaveLength(TOTAL);
    const failing = outcomes.filter((o) => o.email.startsWith('fail-'));
    expect(failing).toHaveLength(TOTAL / 10);
    const logged = errors.map((e) => (e.error as Error).message);
    expect(sorted(logged)).toEqual(ids(failing)); // each failure once
    const sync = failing.filter((o) => o.email.startsWith('fail-sync-'));
    expect(sync).toHaveLength(TOTAL / 20);
    const others = outcomes.filter((o) => !o.email.startsWith('fail-'));
    expect(sorted(ran)).toEqual(ids(others));
    expect(tasks.pending).toBe(0);
  });
});

describe('no loss under load, with SIGTERM midway', () => {
  let child: Child;
  afterAll(() => stop(child));

  it('every request that got a 201 has its task finished or named as cut in the shutdown log; the rest were refused, not half-served', async () => {
    child = controlledServer(500);
    const port = await child.port;
    // Every 100th confirmation never settles: the shutdown must cut it.
    const outcomes = await load(
      port,
      emails((i) => (i % 100 ? 'load' : 'never')),
      (n) => n === TOTAL / 2 && child.process.kill('SIGTERM'),
    );
    const { code } = await child.exited;

    const accepted = outcomes.filter((o) => o.status === 201);
    const hanging = accepted.filter((o) => o.email.startsWith('never-'));
    const finite = accepted.filter((o) => !o.email.startsWith('never-'));
    const confirmed = child.lines
      .filter((l) => l.startsWith('confirmed '))
      .map((l) => l.slice('confirmed '.length));
    const cut = child.lines.filter((l) => l.startsWith('cut: task confirm'));
    expect(accepted.length).toBeGreaterThanOrEqual(TOTAL / 2);
    expect(sorted(confirmed)).toEqual(ids(finite)); // each once, none other
    expect(cut).toHaveLength(hanging.length);
    expect(hanging.length).toBeGreaterThan(0);
    expect(code).toBe(1);
    // Refused: a new connection, or a 503 on an open one. Reset: a request
    // on a keep-alive connection that the shutdown closed as idle, unread.
    const refusals = outcomes
      .filter((o) => o.status !== 201)
      .map((o) => o.error ?? `${o.status} ${o.code}`);
    expect(refusals.length).toBeGreaterThan(0);
    expect(
      refusals.filter(
        (r) => !['ECONNREFUSED', 'ECONNRESET', '503 shutting_down'].includes(r),
      ),
    ).toEqual([]);
  });
});
