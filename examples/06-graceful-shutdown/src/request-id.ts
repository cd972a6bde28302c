// A request id, readable anywhere in the request's async context: in the
// handler, in code it calls, and in the request's background tasks.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

// #region request-id
const context = new AsyncLocalStorage<string>();

/** The id of the request this code runs for (undefined outside one). */
export const requestId = () => context.getStore();

/** Mount first: gives each request an id, also sent as X-Request-Id. */
export const withRequestId: RequestHandler = (_req, res, next) => {
  const id = randomUUID();
  res.set('X-Request-Id', id);
  context.run(id, next);
};
// #endregion request-id
