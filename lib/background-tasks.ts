// Background tasks for Express 5: run work after the response has been sent.
// This one file is the whole mechanism; every example's src/lib/ links to it.
// It reads top-down: what an app uses, one request's task list, then the
// runner that every list shares. The mechanism page includes it region by
// region.
import { AsyncResource } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
// Node's global `performance` is an accessor: each read calls a getter
// that checks its receiver before it returns the cached object. Imported,
// it is a plain binding. Counted by `npm run bench:instructions`, the
// mechanism with one task went from +16.3 k to +14.7 k instructions a
// request (Node 20). Delete when Node's global is a plain value.
import { performance } from 'node:perf_hooks';
import type { Express, Response } from 'express';

// #region api
/** The per-request task list, at `res.backgroundTasks`. @public */
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
  /** Started and not finished. */
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

/** The app-level handle: `install(app)` once; `settled()` and
 * `unfinished()` for tests and shutdown. */
export interface BackgroundTaskRunner {
  /** Gives every response of `app` (and of the routers and apps mounted in
   * it) its task list, at `res.backgroundTasks`. */
  install(app: Express): void;
  /** Tasks added and not yet finished, across all requests. */
  readonly pending: number;
  /** Resolves once no task is pending (at once if none is). A shutdown
   * races it against its own deadline. */
  settled(): Promise<void>;
  /** The pending tasks, oldest first. */
  unfinished(): UnfinishedTask[];
}

declare global {
  namespace Express {
    interface Response {
      /** This request's task list (BackgroundTaskRunner.install). */
      readonly backgroundTasks: BackgroundTasks;
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

export function backgroundTasks(
  options: BackgroundTaskOptions = {},
): BackgroundTaskRunner {
  const runner = new Runner(options);
  return {
    install(app) {
      Object.defineProperty(app.response, 'backgroundTasks', {
        configurable: true,
        get(this: Response) {
          return listOf(this, runner);
        },
      });
    },
    get pending() {
      return runner.pending;
    },
    settled: () => runner.settled(),
    unfinished: () => runner.unfinished(),
  };
}

/**
 * The response's list, made the first time a handler asks for it. So a
 * request that adds no task pays for nothing, not even a middleware: a
 * getter on the app's response prototype, which Express documents as the
 * place to extend responses (`app.response`), instead of a layer in the
 * router, which costs every request as much as a task does (the
 * Performance page counts both). The list is kept in `res.locals`, a
 * dictionary Express makes for every request: Express gives each
 * response a hidden class of its own, and a new property on the response
 * itself would cost V8 a new one. Undo it once responses share a hidden
 * class.
 */
function listOf(res: Response, runner: Runner): BackgroundTasks {
  const locals = res.locals as { [LIST]?: RequestTasks };
  return (locals[LIST] ??= new RequestTasks(runner, res));
}
// #endregion api

// #region request
/** Where listOf() keeps a response's list: a key no template or other
 * middleware reading res.locals will meet. */
const LIST = Symbol('backgroundTasks');
const { addListener } = EventEmitter.prototype;

/**
 * One request's tasks. Until its first add() it holds the response and
 * nothing else; that add() starts watching the response.
 */
class RequestTasks implements BackgroundTasks {
  readonly #runner: Runner;
  /** Until a task outlives the response: then the method and URL are
   * copied and the response let go, so that a long task holds only its own
   * arguments. */
  #res: Response | undefined;
  #described: Described | undefined = undefined;
  /** Added and not started yet, in order; none before the first add(). */
  #queue: Task[] | undefined = undefined;
  /** open: the response has not ended, tasks wait; released: they may
   * start; dropped: the response was a server error, they never will. */
  #state: 'open' | 'released' | 'dropped' = 'open';
  /** Starting tasks, or waiting for one that returned a promise. */
  #busy = false;

  constructor(runner: Runner, res: Response) {
    this.#runner = runner;
    this.#res = res;
  }

  // A new function each time it is read, so that
  // `const { add } = res.backgroundTasks` works too.
  get add(): BackgroundTasks['add'] {
    return (fn, ...args) => this.#push(fn, args, false);
  }

  get addAbortable(): BackgroundTasks['addAbortable'] {
    return (fn, ...args) => this.#push(fn, args, true);
  }

  #push(fn: Task['fn'], args: unknown[], abortable: boolean) {
    // A server error means the handler did not finish its work: a task
    // added after that response is dropped with the rest.
    if (this.#state === 'dropped') return;
    const task = this.#runner.accept(this, fn, args, abortable);
    if (this.#queue) {
      this.#queue.push(task);
      if (this.#state === 'released') this.#next();
      return;
    }
    // The first add(): from here on the tasks run in its async context,
    // whatever context ends the response, so a request id kept in
    // AsyncLocalStorage stays readable in them.
    this.#queue = [task];
    const context = new AsyncResource('BackgroundTasks');
    whenResponseEnds(this.#res!, () =>
      context.runInAsyncScope(this.#responseEnded, this),
    );
  }

  /** The request's method and URL, for events, logs and unfinished(): read
   * the first time they are needed, and before a task outlives the response. */
  describe(): Described {
    if (!this.#described) {
      const req = this.#res!.req;
      this.#described = { method: req.method, url: req.originalUrl };
    }
    return this.#described;
  }

  #responseEnded() {
    if (this.#res!.statusCode < 500) {
      this.#state = 'released';
      return this.#next();
    }
    // A server error (5xx) means the handler did not finish its work: its
    // tasks are dropped.
    this.#state = 'dropped';
    for (const task of this.#queue!) this.#runner.finish(task);
    this.#queue = [];
  }

  /** Starts the tasks in order, one at a time: a task that returns a
   * promise holds the next until it settles, fails or times out. */
  #next(): void {
    if (this.#busy) return;
    this.#busy = true;
    const queue = this.#queue!;
    while (queue.length > 0) {
      const settling = this.#runner.start(queue.shift()!);
      if (settling) {
        // Before the wait: let go of the response.
        this.describe();
        this.#res = undefined;
        return void settling.then(() => {
          this.#busy = false;
          this.#next();
        });
      }
    }
    this.#busy = false;
  }
}

/**
 * Calls `ended` once the response is over for its tasks: it has closed,
 * and the handler has ended it. A response closes once it is sent, and
 * also when the client hangs up first; then the handler may still be at
 * work, and its status, which decides whether the tasks run, is not known
 * until it calls `res.end()`, so `res.end` is wrapped to tell.
 *
 * It reads as little of `res` as it can, and by the cheapest names. Node
 * 20 with Express 5 gives each response a hidden class of its own, so V8
 * cannot cache where a property lives: the first read of a name on a
 * response costs a lookup in V8's runtime (more through a getter or the
 * prototype chain), and a read of a name Node has already read on it is
 * nearly free. Three choices below follow from that; each took a lookup
 * per request off in `node --log-ic`, and `npm run bench:instructions`
 * counts the sum (the Performance page). Undo them once consecutive
 * responses share a hidden class.
 */
function whenResponseEnds(res: Response, ended: () => void) {
  const closed = () => {
    // `finished` is the field that `writableEnded` returns, and Node's own
    // `end()` has just read it; the getter is one more lookup. (Deprecated
    // in the documentation only: DEP0136.)
    if (res.finished) return ended();
    const end = res.end;
    res.end = function (this: Response, ...args: Parameters<typeof end>) {
      const result = end.apply(this, args);
      ended();
      return result;
    } as typeof res.end;
  };
  // Added after the response closed (from a timer, say): no 'close' to
  // wait for. `destroyed` is a field that Node sets as it emits 'close';
  // `closed` is a getter on the prototype that reads one more.
  if (res.destroyed) setImmediate(closed);
  // What `res.on` is, without looking `on` up through five prototypes.
  else addListener.call(res, 'close', closed);
}
// #endregion request

// #region runner
interface Described {
  method: string;
  url: string;
}

/** A task from add() to its end, linked into the runner's pending list. */
class Task {
  /** When it was added; for a task still running after its synchronous
   * part, when that part returned (performance.now()). */
  since = performance.now();
  /** Started and not finished. */
  running = false;
  prev: Task | undefined = undefined;
  next: Task | undefined = undefined;
  constructor(
    readonly fn: (...args: never[]) => unknown,
    readonly args: unknown[],
    /** For addAbortable: its signal goes to `fn` last. */
    readonly abort: AbortController | undefined,
    readonly list: { describe(): Described },
  ) {}

  get name() {
    return this.fn.name || 'anonymous';
  }
}

const defaultLogError = (e: TaskEvent) =>
  console.error(
    `background task ${e.task} failed after ${e.method} ${e.url}:`,
    e.error,
  );

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * What every request's list shares: the options, and the tasks pending
 * across all requests, oldest first, as a linked list (adding and removing
 * one is cheap in any position).
 */
class Runner {
  readonly #logError: (event: TaskEvent) => void;
  readonly #onEvent: ((event: TaskEvent) => void) | undefined;
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  pending = 0;
  #oldest: Task | undefined;
  #newest: Task | undefined;
  /** settled() callers waiting for `pending` to reach 0. */
  #waiters: Array<() => void> = [];

  constructor(options: BackgroundTaskOptions) {
    this.#logError = options.logError ?? defaultLogError;
    this.#onEvent = options.onEvent;
    this.#timeoutMs = options.taskTimeoutMs ?? 30_000;
    this.#maxPending = options.maxPending ?? 10_000;
  }

  /** A new pending task, or OverloadedError: refused now, in the request,
   * so that no task is ever accepted and then lost. */
  accept(
    list: Task['list'],
    fn: Task['fn'],
    args: unknown[],
    abortable: boolean,
  ) {
    if (this.pending >= this.#maxPending) throw new OverloadedError();
    const abort = abortable ? new AbortController() : undefined;
    const task = new Task(fn, args, abort, list);
    task.prev = this.#newest;
    if (this.#newest) this.#newest.next = task;
    else this.#oldest = task;
    this.#newest = task;
    this.pending += 1;
    return task;
  }

  /** No longer pending: finished, failed, timed out or dropped. */
  finish(task: Task) {
    if (task.prev) task.prev.next = task.next;
    else this.#oldest = task.next;
    if (task.next) task.next.prev = task.prev;
    else this.#newest = task.prev;
    this.pending -= 1;
    if (this.pending === 0 && this.#waiters.length > 0) {
      for (const wake of this.#waiters.splice(0)) wake();
    }
  }

  /** Runs one task. A failure or a timeout is reported, never thrown.
   * Returns a promise only for a task still running. */
  start(task: Task): Promise<void> | undefined {
    this.#report(task, 'start');
    task.running = true;
    let result: unknown;
    try {
      const args = task.abort ? [...task.args, task.abort.signal] : task.args;
      result = task.fn(...(args as never[]));
    } catch (error) {
      return void this.#failed(task, error);
    }
    // Only a promise can outlive its deadline; a sync task is done here.
    if (!isThenable(result)) return void this.#finished(task);
    task.since = performance.now();
    return this.#withDeadline(task, result).then(
      () => this.#finished(task),
      (error) => this.#failed(task, error),
    );
  }

  /** Settles like `work`, or rejects with TaskTimeoutError at the deadline
   * (and aborts the task's signal). The task itself cannot be stopped. */
  #withDeadline(task: Task, work: PromiseLike<unknown>) {
    const ms = this.#timeoutMs;
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

  #finished(task: Task) {
    this.#report(task, 'end');
    this.finish(task);
  }

  #failed(task: Task, error: unknown) {
    this.#report(task, 'error', error);
    safely(this.#logError, eventOf(task, 'error', error));
    this.finish(task);
  }

  /** onEvent sees the event; it is built only when there is one. */
  #report(task: Task, type: TaskEvent['type'], error?: unknown) {
    if (this.#onEvent) safely(this.#onEvent, eventOf(task, type, error));
  }

  settled() {
    return new Promise<void>((resolve) =>
      this.pending === 0 ? resolve() : this.#waiters.push(resolve),
    );
  }

  unfinished(): UnfinishedTask[] {
    const now = performance.now();
    const list: UnfinishedTask[] = [];
    for (let task = this.#oldest; task; task = task.next)
      list.push({
        task: task.name,
        ...task.list.describe(),
        running: task.running,
        ms: Math.round(now - task.since),
      });
    return list;
  }
}

const eventOf = (task: Task, type: TaskEvent['type'], error?: unknown) => ({
  type,
  task: task.name,
  ...task.list.describe(),
  ...(type === 'error' && { error }),
});

/** A broken logger or metrics hook must not take the process down. */
function safely(hook: (event: TaskEvent) => void, event: TaskEvent) {
  try {
    hook(event);
  } catch (error) {
    console.error(
      `background tasks: the ${event.type} hook threw for task ${event.task}:`,
      error,
    );
  }
}
// #endregion runner
