// The error contract of json-api.ts, as tests, run against one example's own
// app over real sockets: each kind of bad input gets its status and JSON
// error, and does nothing: no task scheduled, nothing written. Each example's
// test/error-contract.test.ts calls describeErrorContract(); its page's "Bad
// input" table lists the same. An example on lib/background-tasks.ts passes
// its task runner, and the suite counts the tasks; one without (07, whose
// work goes to a queue) passes its own counters (its orders and jobs) and an
// app that fails on demand.
// This file is test support: examples link it as test/lib/error-contract.ts,
// so no sandbox's src/ holds vitest code. From there it cannot import the
// example's src/lib/ by one relative path that also works here in lib/test/,
// so the example passes its json-api.ts (and backgroundTasks) in.
import { once } from 'node:events';
import http from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Express } from 'express';
import createError from 'http-errors';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';

/** The codes json-api.ts answers with; a code without a case here fails. */
type ErrorCode =
  | 'invalid_json'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'internal_error';

/** What the suite uses of a background-task runner. */
interface Runner {
  readonly pending: number;
  settled(): Promise<void>;
  install(app: Express): void;
}

interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** For a POST route: a body it accepts. */
  body?: Record<string, unknown>;
}

interface Common {
  /** The example's src/lib/json-api.ts: its codes and its body limit. */
  jsonApi: {
    errorCodes: Readonly<Record<string, number>>;
    BODY_LIMIT_BYTES: number;
    LINGER: { ms: number; bytes: number };
  };
  routes: Route[];
  /** Objects the example's own schema refuses (422). */
  invalidBodies: unknown[];
}

/** An example on lib/background-tasks.ts. */
interface WithTaskRunner<R extends Runner> extends Common {
  /** The example's src/lib/background-tasks.ts `backgroundTasks`. */
  backgroundTasks: (options: {
    onEvent: (event: { type: string }) => void;
  }) => R;
  /** The example's app on `tasks`, with task functions that return at once.
   * The suite makes it fail by installing, with the runner, a middleware
   * that fails. */
  app: (tasks: R) => Express;
  /** Counts what the app has done besides tasks (a use case called): a
   * valid body adds to it, bad input must not. */
  effects?: () => number;
}

/** An example with no task runner. */
interface WithoutTaskRunner extends Common {
  backgroundTasks?: undefined;
  /** The example's app. Given `failure`, the app's own handling of a valid
   * request rejects with what it returns (a database that is down). */
  app: (failure?: () => unknown) => Express;
  /** What the app has done so far (rows written, jobs queued): a valid body
   * adds to each, bad input to none. Called once the test's servers are up. */
  effects: () => Promise<number[]> | number[];
}

type ContractOptions<R extends Runner> = WithTaskRunner<R> | WithoutTaskRunner;

/** What the suite runs against, either way: the app, on demand failing
 * with `failure()`; counters of what it did; and a wait for its tasks. */
function subjectOf<R extends Runner>(options: ContractOptions<R>) {
  if (!options.backgroundTasks) {
    const { app, effects } = options;
    return { app, effects: async () => effects(), settled: async () => {} };
  }
  const { backgroundTasks, app, effects } = options;
  let started = 0; // tasks ever started
  const tasks = backgroundTasks({
    onEvent: (event) => void (event.type === 'start' && started++),
  });
  return {
    app: (failure?: () => unknown) =>
      app(
        failure
          ? {
              ...tasks,
              install(app: Express) {
                tasks.install(app);
                app.use((_req, _res, next) => next(failure()));
              },
            }
          : tasks,
      ),
    /** Tasks started or waiting, and the example's own count. */
    effects: async () => [
      started + tasks.pending,
      ...(effects ? [effects()] : []),
    ],
    settled: () => tasks.settled(),
  };
}

/** Values an `email` field must refuse (examples 1 to 4 have one). */
export const badEmails: unknown[] = [
  undefined, // missing
  42,
  'not-an-email',
  'alice@exаmple.com', // a Cyrillic а
  'alice\u200b@example.com', // a zero-width space
  'alice@example.com\n',
  `${'a'.repeat(243)}@example.com`, // 255 characters: RFC 5321 allows 254
];

/** One request, exactly as the bytes go out. */
interface Attempt {
  what: string;
  method?: string; // POST
  path: string;
  headers?: Record<string, string | number>;
  /** An array is sent chunked, one chunk per item. */
  body?: string | Buffer | string[];
  /** Chunked, without the last chunk: the body never ends. */
  unended?: boolean;
}

interface Reply {
  method: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Goes in every bad body: no answer may quote it back. */
const MARK = 'mark-7f3a';
const JSON_TYPE = { 'Content-Type': 'application/json' };

/** Sends `attempt` on a new connection; reads until the server closes it. */
async function send(port: number, attempt: Attempt): Promise<Reply> {
  const { method = 'POST', path, body = '' } = attempt;
  const chunked = Array.isArray(body);
  const headers = {
    Host: `127.0.0.1:${port}`,
    Connection: 'close',
    ...(chunked
      ? { 'Transfer-Encoding': 'chunked' }
      : body.length
        ? { 'Content-Length': Buffer.byteLength(body) }
        : {}),
    ...attempt.headers,
  };
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {}); // a reset after the answer changes nothing
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const head = Object.entries(headers).map(([name, v]) => `${name}: ${v}\r\n`);
  socket.write(`${method} ${path} HTTP/1.1\r\n${head.join('')}\r\n`);
  if (chunked) {
    for (const piece of body)
      socket.write(`${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`);
    if (!attempt.unended) socket.write('0\r\n\r\n'); // the last chunk
  } else socket.write(body);
  await once(socket, 'close');

  const raw = Buffer.concat(received).toString('utf8');
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n');
  return {
    method,
    status: Number(statusLine.split(' ')[1]),
    headers: Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).toLowerCase();
        return [name, line.slice(colon + 1).trim()];
      }),
    ),
    text: raw.slice(split + 4),
  };
}

/** `body` plus an unknown `padding` field, as exactly `size` bytes of JSON. */
function padded(body: Record<string, unknown>, size: number): string {
  const bare = JSON.stringify({ ...body, padding: '' });
  return JSON.stringify({ ...body, padding: 'x'.repeat(size - bare.length) });
}

/** `text` in 16 KiB chunks. */
const chunks = (text: string) => text.match(/[^]{1,16384}/g)!;

/** The reply is the JSON error for `code`, and gives nothing away. */
function expectErrorReply(
  reply: Reply,
  code: ErrorCode,
  status: number | undefined,
  what: string,
) {
  expect(reply.status, what).toBe(status);
  expect(reply.headers['content-type'], what).toMatch(/^application\/json/);
  expect(reply.headers['x-powered-by'], what).toBeUndefined();
  if (reply.method === 'HEAD') return expect(reply.text, what).toBe('');
  expect(JSON.parse(reply.text), what).toEqual({
    error: {
      code,
      message: expect.stringMatching(/\S/),
      ...(code === 'validation_failed' && {
        details: expect.arrayContaining([
          { path: expect.any(String), message: expect.any(String) },
        ]),
      }),
    },
  });
  expect(reply.text, `${what}: quotes the body`).not.toContain(MARK);
  expect(reply.text, `${what}: a stack`).not.toMatch(/:\d+:\d+|node_modules/);
}

/** How many times each client uploads it (scripts/count-413.ts counts 20). */
const TRIES = 5;
/** A body far over the limit, as a client uploading a file by mistake sends. */
const TEN_MB = Buffer.alloc(10_000_000, ' ');

/** `status code` of the JSON error in a reply, or `none` if no answer came. */
function outcome(status: number | undefined, text: string): string {
  if (!status) return 'none';
  try {
    return `${status} ${JSON.parse(text).error.code}`;
  } catch {
    return `${status} (not our JSON)`;
  }
}

/** Clients that POST all of TEN_MB, as JSON, and read the answer. */
const uploaders: Record<string, (url: URL) => Promise<string>> = {
  async fetch(url) {
    try {
      const headers = JSON_TYPE;
      const res = await fetch(url, { method: 'POST', headers, body: TEN_MB });
      return outcome(res.status, await res.text());
    } catch {
      return 'none';
    }
  },
  'node:http': (url) =>
    new Promise((resolve) => {
      const req = http.request(url, { method: 'POST', headers: JSON_TYPE });
      req.on('error', () => resolve('none'));
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve(outcome(res.statusCode, text)));
        res.on('error', () => resolve('none'));
      });
      req.end(TEN_MB);
    }),
  // Reads nothing until its whole body is written, as simple clients do.
  async 'raw socket'(url) {
    const socket = connect(Number(url.port), url.hostname).pause();
    socket.on('error', () => {}); // then 'close'
    const closed = new Promise((resolve) => socket.on('close', resolve));
    let raw = '';
    socket.setEncoding('utf8').on('data', (d: string) => (raw += d));
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `Content-Type: application/json\r\n` +
        `Content-Length: ${TEN_MB.length}\r\n\r\n`,
    );
    socket.write(TEN_MB, () => socket.resume());
    await closed;
    const status = /^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1];
    return outcome(Number(status), raw.slice(raw.indexOf('\r\n\r\n') + 4));
  },
};

/** The methods `path` serves, as an `Allow` header lists them. */
function allowOf(routes: Route[], path: string): string {
  const methods: string[] = routes
    .filter((r) => r.path === path)
    .map((r) => r.method);
  if (methods.includes('GET')) methods.push('HEAD');
  return methods.sort().join(', ');
}

export function describeErrorContract<R extends Runner>(
  options: WithTaskRunner<R>,
): void;
export function describeErrorContract(options: WithoutTaskRunner): void;
export function describeErrorContract<R extends Runner>(
  options: ContractOptions<R>,
) {
  const {
    jsonApi: { errorCodes, BODY_LIMIT_BYTES, LINGER },
    routes,
    invalidBodies,
  } = options;
  const subject = subjectOf(options);
  const expectError = (reply: Reply, code: ErrorCode, what: string) =>
    expectErrorReply(reply, code, errorCodes[code], what);
  const posts = routes.filter((r) => r.method === 'POST');
  // The same app, failing with `failure` once a request reaches its own
  // handling: how a test makes the app's own handling fail.
  let failure: unknown;
  let servers: http.Server[] = [];
  /** The server's side of the latest connection to the app. */
  let serverSide: Socket | undefined;
  const ports = { app: 0, failing: 0 };
  /** The counters at the start of the current test. */
  let atStart: number[] = [];
  // The apps are made here, not when the suite is declared: an example's
  // own beforeAll (07's database) runs first.
  beforeAll(async () => {
    servers = [subject.app(), subject.app(() => failure)].map((a) =>
      http.createServer(a),
    );
    servers[0]!.on('connection', (socket: Socket) => (serverSide = socket));
    for (const server of servers) server.listen(0, '127.0.0.1');
    await Promise.all(servers.map((server) => once(server, 'listening')));
    [ports.app, ports.failing] = servers.map(
      (server) => (server.address() as AddressInfo).port,
    );
  });
  afterAll(() => {
    for (const server of servers) server.close().closeAllConnections();
  });

  /** Nothing was done since the test began, tasks run to their end. */
  async function expectNothingDone() {
    await subject.settled();
    expect(await subject.effects(), 'did something').toEqual(atStart);
  }
  /** Each attempt gets the error for `code`, and changes nothing. */
  async function expectAll(code: ErrorCode, attempts: Attempt[]) {
    for (const attempt of attempts) {
      const before = await subject.effects();
      const reply = await send(ports.app, attempt);
      expectError(reply, code, attempt.what);
      expect(await subject.effects(), `${attempt.what}: did something`).toEqual(
        before,
      );
    }
    await expectNothingDone();
  }
  /** The same request to each POST route. */
  const toEachPost = (
    what: string,
    headers: Attempt['headers'],
    body?: Attempt['body'],
  ): Attempt[] =>
    posts.map(({ path }) => ({
      what: `${what}: ${path}`,
      path,
      headers,
      body,
    }));
  /** JSON bodies, labelled by themselves, to each POST route. */
  const jsonToEachPost = (...bodies: string[]) =>
    bodies.flatMap((body) => toEachPost(body.slice(0, 40), JSON_TYPE, body));

  const json = JSON.stringify(posts[0]!.body);
  const cases: Record<ErrorCode, () => Promise<void>> = {
    invalid_json: () =>
      expectAll('invalid_json', [
        ...jsonToEachPost(
          `{"email": "${MARK}`, // cut off
          `{"a": 1} ${MARK}`, // trailing data
          '{"a": 1}{"a": 2}',
          `{'a': '${MARK}'}`,
          '{"a": 1,}',
          MARK,
          '   ',
          'NaN',
        ),
        ...toEachPost('cut off, chunked', JSON_TYPE, [`{"${MARK}`]),
      ]),

    not_found: () =>
      expectAll('not_found', [
        { what: 'GET /', method: 'GET', path: '/' },
        { what: 'GET /nope', method: 'GET', path: '/nope' },
        { what: 'HEAD /nope', method: 'HEAD', path: '/nope' },
        { what: 'OPTIONS /nope', method: 'OPTIONS', path: '/nope' },
        { what: 'DELETE /nope', method: 'DELETE', path: '/nope' },
        { what: 'a bad %-escape', method: 'GET', path: '/%zz' },
        ...toEachPost('below a route', JSON_TYPE, json).map((attempt) => ({
          ...attempt,
          path: `${attempt.path}/x`,
        })),
        { what: 'POST /nope', path: '/nope', headers: JSON_TYPE, body: json },
      ]),

    async method_not_allowed() {
      const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
      for (const path of new Set(routes.map((r) => r.path))) {
        const allow = allowOf(routes, path);
        const wrong = methods.filter((m) => !allow.split(', ').includes(m));
        for (const method of wrong) {
          const what = `${method} ${path}`;
          const attempt = {
            what,
            method,
            path,
            headers: JSON_TYPE,
            body: '{}',
          };
          const reply = await send(ports.app, attempt);
          expectError(reply, 'method_not_allowed', what);
          expect(reply.headers.allow, what).toBe(allow);
        }
        // OPTIONS is not an error: 204 with the same Allow.
        const options = await send(ports.app, {
          what: 'OPTIONS',
          method: 'OPTIONS',
          path,
        });
        expect([options.status, options.headers.allow]).toEqual([204, allow]);
      }
      await expectNothingDone();
    },

    async payload_too_large() {
      for (const { path, body } of posts) {
        // Declared too large, on a connection the client keeps open: answered
        // with no byte of the body sent, then closed by the server. Waiting
        // for the body would hang here.
        for (const declared of [BODY_LIMIT_BYTES + 1, 10_000_000]) {
          const what = `Content-Length: ${declared}`;
          const headers = {
            ...JSON_TYPE,
            'Content-Length': declared,
            Connection: 'keep-alive',
          };
          const reply = await send(ports.app, { what, path, headers });
          expectError(reply, 'payload_too_large', what);
          expect(reply.headers.connection, what).toBe('close');
        }
        // Not declared (chunked): counted as it arrives, and answered once
        // past the limit, whether or not the body ever ends.
        const over = chunks(padded(body!, BODY_LIMIT_BYTES + 1));
        for (const unended of [false, true]) {
          const what = unended ? 'chunked, never ended' : 'chunked';
          const headers = { ...JSON_TYPE, Connection: 'keep-alive' };
          const attempt = { what, path, headers, body: over, unended };
          const reply = await send(ports.app, attempt);
          expectError(reply, 'payload_too_large', what);
          expect(reply.headers.connection, what).toBe('close');
        }
      }
      await expectNothingDone();
      // The limit is exact: a body of BODY_LIMIT_BYTES passes, either way.
      for (const { path, body } of posts) {
        const limit = padded(body!, BODY_LIMIT_BYTES);
        expect(Buffer.byteLength(limit)).toBe(BODY_LIMIT_BYTES);
        for (const sent of [limit, chunks(limit)]) {
          const attempt = { what: 'at the limit', path, body: sent };
          const reply = await send(ports.app, {
            ...attempt,
            headers: JSON_TYPE,
          });
          expect(reply.status, `${BODY_LIMIT_BYTES} bytes`).toBe(201);
        }
      }
    },

    unsupported_media_type: () => {
      const typed = (type: string, body: Attempt['body'] = json) =>
        toEachPost(type, { 'Content-Type': type }, body);
      const encoded = (encoding: string, body: Buffer) =>
        toEachPost(
          encoding,
          { ...JSON_TYPE, 'Content-Encoding': encoding },
          body,
        );
      return expectAll('unsupported_media_type', [
        ...toEachPost('no Content-Type', {}, json),
        ...typed('text/plain'),
        ...typed('text/plain', [json]), // chunked
        ...typed('application/x-www-form-urlencoded', `email=${MARK}`),
        ...typed('application/vnd.api+json'),
        ...typed('application/json; charset=latin1'),
        ...encoded('gzip', gzipSync(json)),
        ...encoded('gzip', Buffer.from(`not gzip ${MARK}`)), // corrupt
        ...encoded('deflate', deflateSync(json)),
        ...encoded('br', brotliCompressSync(json)),
        ...encoded('compress', Buffer.from(json)),
      ]);
    },

    validation_failed: () =>
      expectAll('validation_failed', [
        ...toEachPost('no body, no type', {}),
        ...toEachPost('no body', JSON_TYPE),
        ...toEachPost('Content-Length: 0', {
          ...JSON_TYPE,
          'Content-Length': 0,
        }),
        ...toEachPost('Content-Length: 0, text/plain', {
          'Content-Type': 'text/plain',
          'Content-Length': 0,
        }),
        ...toEachPost('an empty chunked body', JSON_TYPE, []),
        ...jsonToEachPost('null', '42', `"${MARK}"`, 'true', '[]', '[{}]'),
        ...jsonToEachPost(...invalidBodies.map((b) => JSON.stringify(b))),
      ]),

    async internal_error() {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      failure = new Error(`the database password is ${MARK}`);
      for (const { method, path, body } of routes) {
        const what = `${method} ${path}`;
        const reply = await send(ports.failing, {
          what,
          method,
          path,
          headers: JSON_TYPE,
          body: JSON.stringify(body ?? {}),
        });
        expectError(reply, 'internal_error', what);
        const { message } = JSON.parse(reply.text).error;
        expect(message).toBe('Internal Server Error');
      }
      // The server log has the error, and nothing was done.
      expect(logged.mock.calls).toEqual(routes.map(() => [failure]));
      await expectNothingDone();
    },
  };

  describe('JSON errors', () => {
    beforeEach(async () => {
      atStart = await subject.effects();
      return () => vi.restoreAllMocks();
    });

    it('a valid body gets 201 and takes effect; unknown keys, __proto__ included, are dropped', async () => {
      for (const { path, body } of posts) {
        const valid = JSON.stringify(body);
        const rest = valid.slice(1); // `"key": value, ...}`
        const accepted = [
          valid,
          // JSON.parse makes __proto__ an own key; nothing may copy it over.
          `{"__proto__": {"polluted": "${MARK}"}, ${rest}`,
          `{"constructor": {"prototype": {"polluted": 1}}, ${rest}`,
          `{"${Object.keys(body!)[0]}": 42, ${rest}`, // the last one counts
          `{"deep": ${'['.repeat(20_000)}${']'.repeat(20_000)}, ${rest}`,
          `{${Array.from({ length: 5_000 }, (_, i) => `"k${i}": ${i}`)}, ${rest}`,
        ];
        for (const sent of accepted) {
          const what = sent.slice(0, 40);
          const before = await subject.effects();
          const headers = JSON_TYPE;
          const reply = await send(ports.app, {
            what,
            path,
            headers,
            body: sent,
          });
          expect(reply.status, what).toBe(201);
          expect(reply.headers['x-powered-by'], what).toBeUndefined();
          await subject.settled();
          // Each counter grew: tasks started (or rows written), and the
          // example's own count where it has one.
          const after = await subject.effects();
          expect(
            after.map((n, i) => n > before[i]!),
            what,
          ).toEqual(after.map(() => true));
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    for (const [code, status] of Object.entries(errorCodes))
      it(
        `${status} ${code}`,
        cases[code as ErrorCode] ??
          (() => expect.fail(`json-api.ts answers ${code}: add its case`)),
      );

    it(
      `413 payload_too_large reaches a client still uploading 10 MB: ${TRIES} of ${TRIES} with fetch, node:http and a raw socket`,
      { timeout: 60_000 }, // 15 uploads of 10 MB on a loaded machine
      async () => {
        const url = new URL(posts[0]!.path, `http://127.0.0.1:${ports.app}`);
        const received: Record<string, string[]> = {};
        for (const [client, upload] of Object.entries(uploaders)) {
          received[client] = [];
          for (let i = 0; i < TRIES; i++)
            received[client].push(await upload(url));
        }
        const every = Array(TRIES).fill('413 payload_too_large');
        expect(received).toEqual({
          fetch: every,
          'node:http': every,
          'raw socket': every,
        });
        await expectNothingDone();
      },
    );

    it(`after an early 413, a body that never ends is still cut: once ${LINGER.bytes / 2 ** 20} MiB more has arrived, or ${LINGER.ms / 1000} s after the answer`, async () => {
      const { path } = posts[0]!;
      const head =
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n`;
      /** A client that never closes its side, even once the server has:
       * what it read, and how many bytes the server took before it cut. */
      async function endless(keepSending: boolean) {
        const socket = connect({
          port: ports.app,
          host: '127.0.0.1',
          allowHalfOpen: true,
        });
        socket.on('error', () => {}); // a reset once the server cuts
        let raw = '';
        socket.setEncoding('utf8').on('data', (d: string) => (raw += d));
        await once(socket, 'connect');
        const server = serverSide!;
        const cut = new Promise((resolve) => server.on('close', resolve));
        socket.write(head);
        const send = () => {
          while (keepSending && !socket.destroyed && socket.write(TEN_MB));
        };
        socket.on('drain', send);
        send();
        await cut; // the server's side of the connection is gone
        socket.destroy();
        return { raw, read: server.bytesRead - Buffer.byteLength(head) };
      }
      // It sends and sends: cut once the server has read LINGER.bytes.
      const flood = await endless(true);
      expect(flood.raw).toMatch(/^HTTP\/1\.1 413 /);
      expect(flood.read).toBeGreaterThan(LINGER.bytes);
      expect(flood.read).toBeLessThan(LINGER.bytes + 2 * TEN_MB.length);
      // It sends its head, then nothing: cut once LINGER.ms has passed.
      const silent = await endless(false);
      expect(silent.raw).toMatch(/^HTTP\/1\.1 413 /);
      expect(silent.read).toBe(0);
      await expectNothingDone();
    });

    it('an http-errors error keeps its status, code, message and headers (503, Retry-After)', async () => {
      const logged = vi.spyOn(console, 'error');
      const sent = (error: unknown) => {
        failure = error;
        const attempt = { what: 'its own error', path: posts[0]!.path };
        return send(ports.failing, {
          ...attempt,
          headers: JSON_TYPE,
          body: json,
        });
      };
      const overloaded = await sent(
        createError(503, 'The task list is full.', {
          code: 'overloaded',
          expose: true, // meant for the client: not logged
          headers: { 'Retry-After': '1' },
        }),
      );
      expect(overloaded.status).toBe(503);
      expect(overloaded.headers['retry-after']).toBe('1');
      expect(JSON.parse(overloaded.text)).toEqual({
        error: { code: 'overloaded', message: 'The task list is full.' },
      });
      expect(logged).not.toHaveBeenCalled();
      // With no code of ours, the status text stands in: 409 conflict.
      const conflict = await sent(createError(409));
      expect([conflict.status, JSON.parse(conflict.text)]).toEqual([
        409,
        { error: { code: 'conflict', message: 'Conflict' } },
      ]);
    });
  });
}
