// The shutdown, in a real process that receives real signals.
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, controlledServer, order, stop } from './child.js';

let child: Child;
afterEach(() => stop(child));

/** The index of the first line matching `pattern` (-1 if none). */
const at = (pattern: RegExp) => child.lines.findIndex((l) => pattern.test(l));

/** Starts the server, places an order whose confirmation the test holds,
 * waits until that task has started, then sends SIGTERM. */
async function signalMidTask(email: string, deadlineMs?: number) {
  child = controlledServer(deadlineMs);
  const port = await child.port;
  const placed = await order(port, email);
  expect(placed.status).toBe(201);
  await child.line(/^task confirm started/);
  child.process.kill('SIGTERM');
  await child.line(/^SIGTERM received: draining 1 task$/);
  return { port, orderId: placed.body.order_id };
}

describe('SIGTERM to the app’s process', () => {
  it('lets a task that is midway finish, then exits with code 0; a second signal changes nothing', async () => {
    const { orderId } = await signalMidTask('hold-a@example.com');
    child.process.kill('SIGINT');
    await child.line(/^SIGINT received: already shutting down$/);
    child.process.send({ release: 'hold-a@example.com' });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const confirmed = at(new RegExp(`^confirmed ${orderId}$`));
    expect(at(/^SIGTERM received/)).toBeLessThan(confirmed);
    expect(confirmed).toBeLessThan(at(/^exit 0, \d+ ms after SIGTERM$/));
    expect(child.lines.filter((l) => l.includes('draining'))).toHaveLength(1);
  });

  it('exits with code 1 after the deadline when a task never settles, naming the task and its age', async () => {
    await signalMidTask('never-b@example.com', 300);
    expect(await child.exited).toEqual({ code: 1, signal: null });
    const cut = child.lines.filter((l) => l.startsWith('cut: '));
    expect(cut).toEqual([
      expect.stringMatching(
        /^cut: task confirm \(POST \/orders\), running for \d+ ms$/,
      ),
    ]);
    // It started before the signal, so it has run past the deadline.
    expect(Number(/for (\d+) ms/.exec(cut[0]!)![1])).toBeGreaterThan(300);
    expect(at(/^cut: /)).toBeLessThan(at(/^exit 1, \d+ ms after SIGTERM$/));
    expect(child.lines.some((l) => l.startsWith('confirmed '))).toBe(false);
  });
});

/** A raw connection to the app, and everything it sends until it closes. */
async function connection(port: number) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.setEncoding('utf8').on('data', (d: string) => (received += d));
  const closed = once(socket, 'close').then(() => received);
  return { socket, closed, received: () => received };
}

/** A POST /orders request as bytes: its head, then its body. */
function post(email: string, extraHeaders = '') {
  const body = JSON.stringify({ email });
  const head =
    'POST /orders HTTP/1.1\r\nHost: app\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${body.length}\r\n${extraHeaders}\r\n`;
  return { head, body };
}

/** The status, lowercased headers and body of the last response in `raw`. */
function lastResponse(raw: string) {
  const start = raw.lastIndexOf('HTTP/1.1 ');
  const [head = '', body = ''] = raw.slice(start).split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => {
      const [name = '', ...value] = l.split(':');
      return [name.toLowerCase(), value.join(':').trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('requests during the drain', () => {
  it('closes an idle keep-alive connection, refuses a new connection, and answers a request on a connection opened before the signal with 503 shutting_down and Connection: close', async () => {
    child = controlledServer();
    const port = await child.port;
    const keptAlive = await connection(port);
    const early = await connection(port); // opened, nothing sent yet
    const { head, body } = post('hold-c@example.com');
    keptAlive.socket.write(head + body);
    await child.line(/^task confirm started/); // its 201 is out: idle now
    child.process.kill('SIGTERM');
    await child.line(/^SIGTERM received: draining 1 task$/);

    expect(lastResponse(await keptAlive.closed).status).toBe(201);
    const newConnection = connect(port, '127.0.0.1');
    const [error] = await once(newConnection, 'error');
    expect(error.code).toBe('ECONNREFUSED');

    const late = post('late@example.com');
    early.socket.write(late.head + late.body);
    const refused = lastResponse(await early.closed); // the server closes it
    expect(refused.status).toBe(503);
    expect(refused.headers).toMatchObject({
      connection: 'close',
      'retry-after': '1',
      'content-type': expect.stringMatching(/^application\/json/),
    });
    expect(JSON.parse(refused.body)).toEqual({
      error: { code: 'shutting_down', message: expect.any(String) },
    });

    child.process.send({ release: 'hold-c@example.com' });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const started = child.lines.filter((l) => l.startsWith('task confirm'));
    expect(started).toEqual([
      expect.stringMatching(/^task confirm started/),
      expect.stringMatching(/^task confirm finished/),
    ]); // the refused request scheduled nothing
  });

  it('lets a request in flight at the signal finish: its 201 closes the connection, and its task runs before the exit', async () => {
    child = controlledServer();
    const port = await child.port;
    const inFlight = await connection(port);
    const { head, body } = post('d@example.com', 'Expect: 100-continue\r\n');
    inFlight.socket.write(head);
    // Node answers 100 Continue once the app has the request.
    while (!inFlight.received().includes('100 Continue'))
      await once(inFlight.socket, 'data');
    child.process.kill('SIGTERM');
    await child.line(/^SIGTERM received: draining 0 tasks$/);
    inFlight.socket.write(body);

    const response = lastResponse(await inFlight.closed);
    expect(response.status).toBe(201);
    expect(response.headers.connection).toBe('close');
    const { order_id } = JSON.parse(response.body);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(at(new RegExp(`^confirmed ${order_id}$`))).toBeLessThan(
      at(/^exit 0/),
    );
  });
  it('cuts a request still uploading its body at the deadline: the connection closes without a response, the log says cut: 1 response, and the exit code is 1', async () => {
    child = controlledServer(300);
    const port = await child.port;
    const uploading = await connection(port);
    const { head, body } = post('slow@example.com', 'Expect: 100-continue\r\n');
    uploading.socket.write(head + body.slice(0, 5)); // the rest never comes
    while (!uploading.received().includes('100 Continue'))
      await once(uploading.socket, 'data');
    child.process.kill('SIGTERM');
    const received = await uploading.closed;
    expect(received).not.toMatch(/HTTP\/1\.1 [2-5]\d\d/); // no response
    expect(await child.exited).toEqual({ code: 1, signal: null });
    expect(child.lines.filter((l) => l.startsWith('cut: '))).toEqual([
      'cut: 1 response',
    ]);
    expect(at(/^cut: 1 response$/)).toBeLessThan(at(/^exit 1, \d+ ms/));
  });
  it('answers a request pipelined behind one in flight at the signal with 503 shutting_down, and exits 0 as soon as the task has finished', async () => {
    child = controlledServer(); // a 5 s deadline
    const port = await child.port;
    const conn = await connection(port);
    const first = post('e@example.com', 'Expect: 100-continue\r\n');
    conn.socket.write(first.head);
    while (!conn.received().includes('100 Continue'))
      await once(conn.socket, 'data');
    child.process.kill('SIGTERM');
    await child.line(/^SIGTERM received: draining 0 tasks$/);
    // The rest of the first request, and a second one right behind it.
    const second = post('f@example.com');
    conn.socket.write(first.body + second.head + second.body);

    const raw = await conn.closed; // the server closes it
    const [created, refused, ...more] = raw
      .split(/(?=HTTP\/1\.1 )/)
      .filter((r) => !r.startsWith('HTTP/1.1 100'))
      .map(lastResponse);
    expect(more).toEqual([]);
    expect(created?.status).toBe(201);
    const { order_id } = JSON.parse(created!.body);
    expect(refused?.status).toBe(503);
    expect(refused?.headers.connection).toBe('close');
    expect(JSON.parse(refused!.body)).toEqual({
      error: { code: 'shutting_down', message: expect.any(String) },
    });
    // Exit 0: nothing was cut, so it did not wait for the deadline.
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.lines.filter((l) => l.startsWith('cut: '))).toEqual([]);
    expect(at(new RegExp(`^confirmed ${order_id}$`))).toBeLessThan(
      at(/^exit 0, \d+ ms after SIGTERM$/),
    );
    const started = child.lines.filter((l) => l.startsWith('task confirm s'));
    expect(started).toHaveLength(1); // the refused request scheduled nothing
  });
});

describe('the shutdown log on a pipe', () => {
  it(
    'reaches a pipe whole with 2,000 tasks cut: 2,000 cut lines, then the exit line',
    { timeout: 90_000 },
    async () => {
      child = controlledServer(300); // its stdout is a pipe, as in a container
      const port = await child.port;
      // 2,000 orders whose confirmations never settle, 50 at a time.
      for (let batch = 0; batch < 40; batch++) {
        const placed = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            order(port, `never-${batch * 50 + i}@example.com`),
          ),
        );
        expect(placed.map((p) => p.status)).toEqual(Array(50).fill(201));
      }
      child.process.kill('SIGTERM');
      await child.line(/^SIGTERM received: draining 2000 tasks$/);
      expect(await child.exited).toEqual({ code: 1, signal: null });
      const cut = child.lines.filter((l) =>
        /^cut: task confirm \(POST \/orders\), (running|waiting) for \d+ ms$/.test(
          l,
        ),
      );
      expect(cut).toHaveLength(2000);
      expect(child.lines.at(-1)).toMatch(/^exit 1, \d+ ms after SIGTERM$/);
    },
  );
});

/** GET /ready on a new connection: the status and the JSON body. */
async function readiness(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/ready`);
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('readiness and the drain delay', { timeout: 60_000 }, () => {
  it('answers GET /ready with 503 from the signal on, serves new requests during DRAIN_DELAY_MS, then drains them with the rest', async () => {
    child = controlledServer(5000, { DRAIN_DELAY_MS: '2000' });
    const port = await child.port;
    expect(await readiness(port)).toEqual({
      status: 200,
      body: { ready: true },
    });
    const before = await order(port, 'hold-e@example.com');
    await child.line(/^task confirm started/);
    child.process.kill('SIGTERM');
    await child.line(/^SIGTERM received: not ready, draining in 2000 ms$/);

    // During the delay: not ready, but a new connection is still served.
    expect(await readiness(port)).toEqual({
      status: 503,
      body: { error: { code: 'shutting_down', message: expect.any(String) } },
    });
    const during = await order(port, 'hold-f@example.com');
    expect(during.status).toBe(201);
    await child.line(/^SIGTERM received: draining 2 tasks$/);

    // Then the drain: the listener is closed, both tasks finish.
    const refused = connect(port, '127.0.0.1');
    expect((await once(refused, 'error'))[0].code).toBe('ECONNREFUSED');
    child.process.send({ release: 'hold-e@example.com' });
    child.process.send({ release: 'hold-f@example.com' });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const exit = at(/^exit 0, \d+ ms after SIGTERM$/);
    for (const { body } of [before, during])
      expect(at(new RegExp(`^confirmed ${body.order_id}$`))).toBeLessThan(exit);
    expect(at(/not ready, draining in/)).toBeLessThan(at(/draining 2 tasks/));
  });
});
