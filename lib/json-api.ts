// JSON in, JSON errors out: the input handling every example's POST /orders shares.
import express, {
  type ErrorRequestHandler,
  type RequestHandler,
} from 'express';
import type { z } from 'zod';

/** An error with an HTTP status and a machine-readable code, rendered by `jsonErrors`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 415 unless the body is JSON; then parse it (400 if malformed, 413 if larger than `limit`). */
export function jsonBody(limit = '100kb'): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) =>
    next(
      req.is('application/json')
        ? undefined
        : new HttpError(
            415,
            'unsupported_media_type',
            'Send the body as application/json.',
          ),
    );
  return [requireJson, express.json({ limit })];
}

/** Validate a parsed body against a zod schema: the typed value, or a 422 listing every issue. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  throw new HttpError(
    422,
    'validation_failed',
    'The body does not match the expected shape.',
    issues,
  );
}

// body-parser's error types, mapped to our codes.
const parserErrors: Record<string, string> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
};

/** The last middleware: every error becomes `{ error: { code, message, details? } }`. */
export const jsonErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  const status =
    typeof err?.status === 'number' && err.status >= 400 && err.status < 600
      ? err.status
      : 500;
  const code =
    err instanceof HttpError
      ? err.code
      : (parserErrors[err?.type] ??
        (status < 500 ? 'bad_request' : 'internal_error'));
  const message = status < 500 ? String(err.message) : 'Internal server error';
  if (status >= 500) console.error(err);
  res.status(status).json({
    error: {
      code,
      message,
      ...(err instanceof HttpError && err.details
        ? { details: err.details }
        : {}),
    },
  });
};
