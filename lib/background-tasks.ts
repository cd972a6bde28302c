// Background tasks for Express 5: run work after the response has been sent.
// This one file is the whole mechanism; every example's src/lib/ links to it.
import type { RequestHandler } from 'express';
import onFinished from 'on-finished';

/** The per-request task list, at `res.locals.backgroundTasks`. @public */
export interface BackgroundTasks {
  /** Run `fn(...args)` after the response. Sync and async functions work. */
  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void;
}

/** What `onEvent` and `logError` receive: which task, for which request. */
export interface TaskEvent {
  type: 'start' | 'end' | 'error';
  task: string;
  method: string;
  /** The request's URL as the client sent it, query string included. */
  url: string;
  error?: unknown;
}

export interface BackgroundTaskOptions {
  /** Gets a task that throws or rejects. Default: one console.error line. */
  logError?: (event: TaskEvent) => void;
  /** Sees every task start, end and error (timing logs, metrics). */
  onEvent?: (event: TaskEvent) => void;
}

/**
 * The app-level handle: mount `middleware`, await `settled()` in tests,
 * `drain()` on shutdown.
 */
export interface BackgroundTaskRunner {
  middleware: RequestHandler;
  /** Tasks added and not yet finished, across all requests. */
  readonly pending: number;
  /** Resolves once no task is pending (at once if none is). */
  settled(): Promise<void>;
  /** Waits up to `timeoutMs` for pending tasks; true if all finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

declare global {
  namespace Express {
    interface Locals {
      backgroundTasks: BackgroundTasks;
    }
  }
}

const defaultLogError = (e: TaskEvent) =>
  console.error(
    `background task ${e.task} failed after ${e.method} ${e.url}:`,
    e.error,
  );

/** A broken logger or metrics hook must not take the process down. */
function safely(
  hook: ((event: TaskEvent) => void) | undefined,
  event: TaskEvent,
) {
  try {
    hook?.(event);
  } catch (error) {
    console.error(
      `background tasks: the ${event.type} hook threw for task ${event.task}:`,
      error,
    );
  }
}

export function backgroundTasks(
  options: BackgroundTaskOptions = {},
): BackgroundTaskRunner {
  const { logError = defaultLogError, onEvent } = options;
  let pending = 0;
  let waiters: Array<() => void> = [];

  const finished = (count: number) => {
    pending -= count;
    if (pending > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  const settled = () =>
    new Promise<void>((resolve) =>
      pending === 0 ? resolve() : waiters.push(resolve),
    );

  const middleware: RequestHandler = (req, res, next) => {
    const queue: Array<{ task: string; call: () => unknown }> = [];
    let responseEnded = false; // the handler ended the response: tasks may go
    let looping = false; // runQueue is working through `queue`

    // One task at a time, in the order added; a failure is logged, and the
    // loop goes on with the next task.
    const runQueue = async () => {
      if (looping) return;
      looping = true;
      for (let item = queue.shift(); item; item = queue.shift()) {
        const event = {
          task: item.task,
          method: req.method,
          url: req.originalUrl,
        };
        safely(onEvent, { type: 'start', ...event });
        try {
          await item.call();
          safely(onEvent, { type: 'end', ...event });
        } catch (error) {
          safely(onEvent, { type: 'error', ...event, error });
          safely(logError, { type: 'error', ...event, error });
        }
        finished(1);
      }
      looping = false;
    };

    res.locals.backgroundTasks = {
      add(fn, ...args) {
        queue.push({ task: fn.name || 'anonymous', call: () => fn(...args) });
        pending += 1;
        if (responseEnded) void runQueue(); // added after the response ended
      },
    };

    // A server error (5xx) means the handler did not finish its work: its
    // tasks are dropped.
    const onResponseEnded = () => {
      responseEnded = true;
      if (res.statusCode >= 500) return finished(queue.splice(0).length);
      void runQueue();
    };
    // on-finished fires when the response is complete, and also when the
    // client hangs up first. Then the handler may still be working, so wait
    // until it ends the response: its status decides.
    onFinished(res, () => {
      if (res.writableEnded) return onResponseEnded();
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<typeof end>) => {
        const result = end(...args);
        onResponseEnded();
        return result;
      }) as typeof res.end;
    });
    next();
  };

  const drain = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>(
      (resolve) => (timer = setTimeout(resolve, timeoutMs, false)),
    );
    const allFinished = await Promise.race([
      settled().then(() => true as const),
      timedOut,
    ]);
    clearTimeout(timer);
    return allFinished;
  };

  return {
    middleware,
    get pending() {
      return pending;
    },
    settled,
    drain,
  };
}
