// Background tasks for Express 5: run work after the response has been sent.
// This one file is the whole mechanism; every example's src/lib/ links to it.
import { AsyncResource } from 'node:async_hooks';
import type { Request, RequestHandler, Response } from 'express';

/** The per-request task list, at `res.locals.backgroundTasks`. @public */
export interface BackgroundTasks {
  /** Run `fn(...args)` after the response. Sync and async functions work. */
  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void;
  /**
   * The same for a task whose last parameter is an `AbortSignal`: it aborts
   * when the task runs past its deadline. Stopping is up to the task.
   */
  addAbortable<A extends unknown[]>(
    fn: (...args: [...A, AbortSignal]) => unknown,
    ...args: A
  ): void;
}

/** What `onEvent` and `logError` receive: which task, for which request. */
export interface TaskEvent {
  type: 'start' | 'end' | 'error';
  task: string;
  method: string;
  /** The request's URL as the client sent it, query string included. */
  url: string;
  /** What the task threw, or a TaskTimeoutError. */
  error?: unknown;
}

/** A task added and not finished: what a shutdown log names. */
export interface UnfinishedTask {
  task: string;
  method: string;
  url: string;
  running: boolean;
  /** ms since it started, or since it was added if it has not. */
  ms: number;
}

export interface BackgroundTaskOptions {
  /** Gets a task that throws, rejects or times out. Default: console.error. */
  logError?: (event: TaskEvent) => void;
  /** Sees every task start, end and error (timing logs, metrics). */
  onEvent?: (event: TaskEvent) => void;
  /** A task still running after this many ms is reported as failed, and
   * the next task of its request starts. Default 30 s; Infinity: never. */
  taskTimeoutMs?: number;
  /** `add()` throws OverloadedError while this many are pending. Default
   * 10,000. */
  maxPending?: number;
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
  /** The pending tasks, oldest first. */
  unfinished(): UnfinishedTask[];
}

declare global {
  namespace Express {
    interface Locals {
      backgroundTasks: BackgroundTasks;
    }
  }
}

/** Thrown by `add()` when the runner is full. It follows the http-errors
 * conventions, so an error handler answers 503 with its code and header. */
export class OverloadedError extends Error {
  readonly status = 503;
  readonly statusCode = 503;
  readonly expose = true;
  readonly code = 'overloaded';
  readonly headers = { 'Retry-After': '1' };
  constructor() {
    super('Too much work is pending. Try again shortly.');
  }
}

/** The error a task that ran past its deadline fails with. */
export class TaskTimeoutError extends Error {
  override name = 'TaskTimeoutError';
  constructor(task: string, ms: number) {
    super(`task ${task} still running after ${ms} ms`);
  }
}

interface Task {
  name: string;
  fn: (...args: never[]) => unknown;
  args: unknown[];
  /** Set for addAbortable: its signal goes to `fn` last. */
  abort?: AbortController;
  list: TaskList;
  added: number;
  started?: number;
}

/** What every request's list shares: the options and the pending tasks. */
interface Runner {
  logError: (event: TaskEvent) => void;
  onEvent?: (event: TaskEvent) => void;
  taskTimeoutMs: number;
  maxPending: number;
  /** Every task added and not finished, in the order added. */
  pending: Set<Task>;
  /** Called when `pending` empties. */
  idle: () => void;
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

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

function done(runner: Runner, task: Task) {
  runner.pending.delete(task);
  if (runner.pending.size === 0) runner.idle();
}

/** Settles like `work`, or rejects with TaskTimeoutError at the deadline
 * (and aborts the task's signal). The task itself cannot be stopped. */
function withDeadline(runner: Runner, task: Task, work: PromiseLike<unknown>) {
  const ms = runner.taskTimeoutMs;
  // Infinity, or more than setTimeout can wait (it would fire at once).
  if (ms >= 2 ** 31) return Promise.resolve(work);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new TaskTimeoutError(task.name, ms);
      task.abort?.abort(error);
      reject(error);
    }, ms);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** The event for `task`; built only when a hook will see it. */
const eventOf = (task: Task, type: TaskEvent['type'], error?: unknown) => ({
  type,
  task: task.name,
  method: task.list.method,
  url: task.list.url,
  ...(type === 'error' && { error }),
});

function finished(runner: Runner, task: Task) {
  if (runner.onEvent) safely(runner.onEvent, eventOf(task, 'end'));
  done(runner, task);
}

function failed(runner: Runner, task: Task, error: unknown) {
  const event = eventOf(task, 'error', error);
  safely(runner.onEvent, event);
  safely(runner.logError, event);
  done(runner, task);
}

/** Starts one task. A failure or a timeout is reported, never thrown.
 * Returns a promise only for a task still running. */
function runTask(runner: Runner, task: Task): Promise<void> | undefined {
  if (runner.onEvent) safely(runner.onEvent, eventOf(task, 'start'));
  task.started = performance.now();
  let result: unknown;
  try {
    const args = task.abort ? [...task.args, task.abort.signal] : task.args;
    result = task.fn(...(args as never[]));
  } catch (error) {
    return void failed(runner, task, error);
  }
  // Only a promise can outlive its deadline; a sync task is done here.
  if (!isThenable(result)) return void finished(runner, task);
  return withDeadline(runner, task, result).then(
    () => finished(runner, task),
    (error) => failed(runner, task, error),
  );
}

/**
 * One request's tasks. The middleware only creates it; the work of
 * watching the response starts at the first `add()`, so a request that
 * adds nothing costs one object.
 */
class TaskList implements BackgroundTasks {
  readonly method: string;
  readonly url: string;
  #runner: Runner;
  /** Until the response has ended; then let go, so a long task holds
   * only its own arguments, not the request. */
  #res: Response | undefined;
  #queue?: Task[];
  /** waiting: for the response to end; running: tasks may go;
   * dropped: the response was a server error, its tasks never run. */
  #state: 'waiting' | 'running' | 'dropped' = 'waiting';
  /** The async context of the first add(), where the tasks run. */
  #context?: AsyncResource;
  #looping = false;
  #add?: BackgroundTasks['add'];
  #addAbortable?: BackgroundTasks['addAbortable'];

  constructor(runner: Runner, req: Request, res: Response) {
    this.#runner = runner;
    this.#res = res;
    this.method = req.method;
    this.url = req.originalUrl;
  }

  // Bound on first use, so `const { add } = res.locals.backgroundTasks`
  // works too.
  get add(): BackgroundTasks['add'] {
    return (this.#add ??= (fn, ...args) => this.#push(fn, args, false));
  }

  get addAbortable(): BackgroundTasks['addAbortable'] {
    return (this.#addAbortable ??= (fn, ...args) => this.#push(fn, args, true));
  }

  #push(fn: Task['fn'], args: unknown[], abortable: boolean) {
    // A server error means the handler did not finish its work: a task
    // added after that response is dropped with the rest.
    if (this.#state === 'dropped') return;
    const runner = this.#runner;
    // Refused now, so that no task is ever accepted and then lost.
    if (runner.pending.size >= runner.maxPending) throw new OverloadedError();
    const task: Task = {
      name: fn.name || 'anonymous',
      fn,
      args,
      abort: abortable ? new AbortController() : undefined,
      list: this,
      added: performance.now(),
    };
    runner.pending.add(task);
    (this.#queue ??= []).push(task);
    // Added after the response ended: it may start now.
    if (this.#state === 'running') this.#run();
    else if (!this.#context) this.#watch();
  }

  #watch() {
    const res = this.#res!;
    // The tasks run in the async context of this first add(), whatever
    // context ends the response: a request id in AsyncLocalStorage stays.
    const context = (this.#context = new AsyncResource('BackgroundTasks'));
    const closed = context.runInAsyncScope.bind(context, this.#closed, this);
    // Added after the response closed (from a timer, say): no 'close' to
    // wait for.
    if (res.closed) setImmediate(closed);
    else res.on('close', closed);
  }

  // A response closes once it is complete, and also when the client hangs
  // up first. Then the handler may still be working, so wait until it ends
  // the response: its status decides.
  #closed() {
    const res = this.#res!;
    if (res.writableEnded) return this.#responseEnded();
    const end = res.end.bind(res);
    res.end = ((...args: Parameters<typeof end>) => {
      const result = end(...args);
      // Back in the first add()'s context: the handler may end the
      // response from one that lost it.
      this.#context!.runInAsyncScope(this.#responseEnded, this);
      return result;
    }) as typeof res.end;
  }

  #responseEnded() {
    const status = this.#res!.statusCode;
    this.#res = undefined;
    if (status < 500) {
      this.#state = 'running';
      return void this.#run();
    }
    // A server error (5xx) means the handler did not finish its work: its
    // tasks are dropped.
    this.#state = 'dropped';
    for (const task of this.#queue!.splice(0)) done(this.#runner, task);
  }

  // One task at a time, in the order added; a failure or a timeout is
  // reported, and the loop goes on with the next task.
  #run() {
    if (this.#looping) return;
    this.#looping = true;
    this.#next();
  }

  #next(): void {
    const queue = this.#queue!;
    for (let task = queue.shift(); task; task = queue.shift()) {
      const running = runTask(this.#runner, task);
      if (running) return void running.then(() => this.#next());
    }
    this.#looping = false;
  }
}

export function backgroundTasks(
  options: BackgroundTaskOptions = {},
): BackgroundTaskRunner {
  let waiters: Array<() => void> = [];
  const runner: Runner = {
    logError: options.logError ?? defaultLogError,
    onEvent: options.onEvent,
    taskTimeoutMs: options.taskTimeoutMs ?? 30_000,
    maxPending: options.maxPending ?? 10_000,
    pending: new Set(),
    idle() {
      if (waiters.length === 0) return;
      for (const wake of waiters) wake();
      waiters = [];
    },
  };

  const settled = () =>
    new Promise<void>((resolve) =>
      runner.pending.size === 0 ? resolve() : waiters.push(resolve),
    );

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

  const unfinished = () => {
    const now = performance.now();
    return [...runner.pending].map(({ name, list, started, added }) => ({
      task: name,
      method: list.method,
      url: list.url,
      running: started !== undefined,
      ms: Math.round(now - (started ?? added)),
    }));
  };

  return {
    middleware(req, res, next) {
      res.locals.backgroundTasks = new TaskList(runner, req, res);
      next();
    },
    get pending() {
      return runner.pending.size;
    },
    settled,
    drain,
    unfinished,
  };
}
