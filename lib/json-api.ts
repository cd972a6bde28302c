// JSON in, JSON errors out: the request handling every example shares.
// Errors are http-errors errors; `jsonErrors` renders each one as
// `{ "error": { "code", "message", "details"? } }`.
import type { Socket } from 'node:net';
import express, {
  type ErrorRequestHandler,
  type RequestHandler,
} from 'express';
import createError, { isHttpError } from 'http-errors';
import { z } from 'zod';

/** An email address: at most 254 characters, as RFC 5321 allows. */
export const emailAddress = z.email().max(254);

/** The largest body accepted: 100 KiB. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * Every `error.code` these helpers answer with, and its status. Each
 * example's "Bad input" table lists exactly these.
 */
export const errorCodes = {
  invalid_json: 400,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  internal_error: 500,
} as const;
export type ErrorCode = keyof typeof errorCodes;

function fail(
  code: ErrorCode,
  message: string,
  props: { details?: unknown; headers?: Record<string, string> } = {},
) {
  return createError(errorCodes[code], message, { code, ...props });
}

const tooLarge = () =>
  fail(
    'payload_too_large',
    `The body is larger than ${BODY_LIMIT_BYTES.toLocaleString('en-US')} bytes.`,
    // The rest of the body is not waited for: close the connection after
    // the answer (in stages: see lingeringClose).
    { headers: { Connection: 'close' } },
  );

/**
 * How long, and how many bytes, a connection answered 413 early goes on
 * reading the rest of the body (and discarding it) before it closes.
 */
export const LINGER = { ms: 2000, bytes: 16 * 1024 * 1024 };

/**
 * Closes `socket` in stages once the answer is out, as nginx's
 * lingering_close does: end our side, then read and discard what the client
 * still sends until it closes its side, or for at most LINGER.ms and
 * LINGER.bytes. Closing at once, with the body still arriving, resets the
 * connection, and the reset can make the client lose the answer it has not
 * read yet (RFC 9112, section 9.6).
 */
function lingeringClose(socket: Socket) {
  let lingering = false;
  let discarded = 0;
  const discard = (chunk: Buffer) => {
    if (!lingering) return; // Node's HTTP parser has it
    discarded += chunk.length;
    if (discarded > LINGER.bytes) socket.destroy();
  };
  // Added now, while the socket is reading: with a 'data' listener, Node's
  // HTTP parser takes the bytes from the socket's stream, not straight from
  // its handle, so that it can be unplugged below.
  socket.on('data', discard);
  // Why patch: Node's server closes a `Connection: close` response's socket
  // with socket.destroySoon(): end, then destroy once our FIN is out, with
  // the body still arriving. Delete when Node's server closes in stages.
  socket.destroySoon = function linger(this: Socket) {
    lingering = true;
    this.end();
    // Unplug the parser: the bytes are only counted and dropped, and a
    // request sent after this one on the connection is never served.
    for (const listener of this.listeners('data'))
      if (listener !== discard) this.off('data', listener as never);
    const cut = setTimeout(() => this.destroy(), LINGER.ms);
    this.once('end', () => this.destroy()); // the client has closed its side
    this.once('close', () => clearTimeout(cut));
    this.resume();
  };
}

// body-parser's errors, by their `type`, as ours: with our own messages,
// never body-parser's, which can quote the body.
const parserErrors = new Map<unknown, () => Error>([
  [
    'entity.parse.failed',
    () => fail('invalid_json', 'The body is not valid JSON.'),
  ],
  ['entity.too.large', tooLarge],
  [
    'charset.unsupported',
    () => fail('unsupported_media_type', 'Send JSON as UTF-8.'),
  ],
  [
    'encoding.unsupported',
    () =>
      fail(
        'unsupported_media_type',
        'Send the body uncompressed, with no Content-Encoding.',
      ),
  ],
]);

const parseJson = express.json({
  limit: BODY_LIMIT_BYTES,
  strict: false, // parse `null` or `42` too; the schema then says what is wrong
  inflate: false, // a compressed body is refused (415), not unpacked
});

/**
 * Reads a JSON body into `req.body`. A request with no body leaves it
 * undefined, for the schema to refuse.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  let answered = false;
  const answer = (err?: unknown) => {
    if (answered) return;
    answered = true;
    if (isHttpError(err) && err.status === 413) lingeringClose(req.socket);
    next(err);
  };
  const declared = Number(req.headers['content-length']); // NaN if absent
  // Too large by its own account: answer now, before reading any of it.
  if (declared > BODY_LIMIT_BYTES) return answer(tooLarge());
  const type = req.is('application/json'); // null when there is no body
  if (type === null || declared === 0) return next();
  if (!type)
    return next(
      fail('unsupported_media_type', 'Send the body as application/json.'),
    );
  // body-parser reads a body that is too large to its end before it says
  // so, and a chunked one may never end: count it here, and answer once it
  // is past the limit. body-parser's own answer then comes to nothing.
  if (Number.isNaN(declared)) {
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= BODY_LIMIT_BYTES) return;
      req.off('data', count);
      answer(tooLarge());
    };
    req.on('data', count);
  }
  parseJson(req, res, (err?: { type?: unknown }) =>
    answer(err && (parserErrors.get(err.type)?.() ?? err)),
  );
};

/** Validates `body` against a zod schema: the typed value, or a 422 listing every issue. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw fail(
    'validation_failed',
    'The body does not match the expected shape.',
    {
      details: result.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    },
  );
}

/** The methods a route serves, as `Allow` lists them. */
function allowed(route: { methods: Record<string, boolean> }): string {
  const methods = Object.keys(route.methods)
    .filter((m) => m !== '_all') // the .all() this handler is mounted with
    .map((m) => m.toUpperCase());
  if (methods.includes('GET')) methods.push('HEAD'); // Express answers HEAD with GET
  return methods.sort().join(', ');
}

/**
 * Mount last on a route, with `.all()`: a method the route does not serve
 * gets 405 with `Allow`; OPTIONS gets 204 with `Allow`.
 */
export const methodNotAllowed: RequestHandler = (req, res, next) => {
  const allow = allowed(req.route);
  if (req.method === 'OPTIONS') {
    res.set('Allow', allow).status(204).end();
    return;
  }
  next(
    fail('method_not_allowed', `This path accepts ${allow} only.`, {
      headers: { Allow: allow },
    }),
  );
};

/** Mount after every route: any other path gets 404. */
export const notFound: RequestHandler = (_req, _res, next) =>
  next(fail('not_found', 'Nothing is served at this path.'));

// Our codes are snake_case; Node's (ECONNRESET) are not, and stay inside.
const isOurCode = (code: unknown): code is string =>
  typeof code === 'string' && /^[a-z][a-z0-9_]*$/.test(code);
/** 500: internal_error; another status: its text in snake_case (409: conflict). */
const fallbackCode = (status: number) =>
  status >= 500
    ? 'internal_error'
    : createError(status).message.toLowerCase().replace(/\W+/g, '_');

/**
 * The last middleware: every error becomes `{ error: { code, message,
 * details? } }`, with the http-errors conventions: `status`; `message` if
 * `expose`, else the status text; `code`; `headers`, sent (Retry-After).
 * Anything else is a 500 whose message and stack stay in the server log.
 */
export const jsonErrors: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err); // too late: Express ends the connection
  const known = isHttpError(err);
  const status = known ? err.status : 500;
  const expose = known && err.expose;
  if (status >= 500 && !expose) console.error(err); // a 5xx nobody meant
  if (known && err.headers) res.set(err.headers);
  res.status(status).json({
    error: {
      code: known && isOurCode(err.code) ? err.code : fallbackCode(status),
      message: expose ? err.message : createError(status).message,
      ...(expose && err.details !== undefined ? { details: err.details } : {}),
    },
  });
};
