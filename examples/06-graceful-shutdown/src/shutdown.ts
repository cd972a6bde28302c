// What the app does on SIGTERM or SIGINT: say it is no longer ready, keep
// serving for a delay if asked to, stop taking connections, let the
// responses in flight finish, wait for the background tasks up to a
// deadline, name every task it has to cut, and exit.
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler, Response } from 'express';
import createError from 'http-errors';
import type { BackgroundTaskRunner } from './lib/background-tasks.js';

export interface ShutdownOptions {
  /** How long responses and tasks get, counted from the start of the drain. */
  deadlineMs: number;
  /** How long to go on serving after the signal, not ready, before the
   * drain starts (0 by default). */
  drainDelayMs?: number;
  /** Where the shutdown's lines go. */
  log: (line: string) => void;
  /** Ends the process: 0 if everything finished, 1 if tasks were cut. */
  exit?: (code: number) => void;
}

// #region exit
/**
 * Ends the process with `code` once all it wrote to stdout and stderr has
 * gone out. On a pipe (a container's log, systemd, `kubectl logs`), writes
 * queue up once the reader falls behind, and process.exit() drops them.
 */
export function exitOnceWritten(code: number) {
  process.exitCode = code;
  let open = 2;
  const done = () => --open || process.exit();
  // An empty write calls back after every write queued before it.
  process.stdout.write('', done);
  process.stderr.write('', done);
}
// #endregion exit

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export function gracefulShutdown(
  tasks: BackgroundTaskRunner,
  {
    deadlineMs,
    drainDelayMs = 0,
    log,
    exit = exitOnceWritten,
  }: ShutdownOptions,
) {
  let server: Server | undefined;
  let signalled = false; // from the signal on: not ready
  let stopping = false; // from the drain on: refuse requests
  const inFlight = new Set<Response>();
  let responsesDone = () => {};

  function untrack(this: Response) {
    inFlight.delete(this);
    if (!stopping) return;
    server?.closeIdleConnections(); // its keep-alive connection, if any
    if (inFlight.size === 0) responsesDone();
  }

  /**
   * During the drain, each connection closes after the last response in
   * flight on it: the ones ahead of it (pipelined) keep it open for it.
   */
  const closing = new WeakSet<Response>();
  function closeAfterLast() {
    const last = new Map<unknown, Response>();
    for (const res of inFlight) last.set(res.req.socket, res); // in order
    for (const res of inFlight) {
      if (res.headersSent) continue;
      if (last.get(res.req.socket) === res) {
        res.set('Connection', 'close');
        closing.add(res);
      } else if (closing.delete(res)) res.removeHeader('Connection');
    }
  }

  // #region gate
  /**
   * Mount before the routes. Tracks the responses in flight. During the
   * drain, a request on a connection opened before the signal gets a 503,
   * and the connection closes: nothing is half-served.
   */
  const gate: RequestHandler = (_req, res, next) => {
    inFlight.add(res);
    res.on('close', untrack);
    if (!stopping) return next();
    closeAfterLast();
    next(shuttingDown());
  };
  // #endregion gate

  // #region ready
  /** GET /ready, for a load balancer's health check or a Kubernetes
   * readinessProbe: 200 until the signal, then 503 shutting_down. */
  const ready: RequestHandler = (_req, res, next) =>
    signalled ? next(shuttingDown()) : void res.json({ ready: true });
  // #endregion ready

  // #region stop
  async function stop(signal: string) {
    signalled = true;
    const since = performance.now();
    if (drainDelayMs > 0) {
      // Whatever routes here may not know yet: serve what still comes.
      log(`${signal} received: not ready, draining in ${drainDelayMs} ms`);
      await sleep(drainDelayMs);
    }
    stopping = true;
    server!.close(); // no new connections; idle keep-alive ones close now
    // The responses in flight finish, then their connections close.
    closeAfterLast();
    log(`${signal} received: draining ${count(tasks.pending, 'task')}`);
    const finished = (async () => {
      if (inFlight.size > 0)
        await new Promise<void>((resolve) => (responsesDone = resolve));
      await tasks.settled(); // a response in flight may add tasks
      return true;
    })();
    const deadline = sleep(deadlineMs, false);
    const inTime = await Promise.race([finished, deadline]);
    if (!inTime) {
      for (const t of tasks.unfinished())
        log(
          `cut: task ${t.task} (${t.method} ${t.url}), ` +
            `${t.running ? 'running' : 'waiting'} for ${t.ms} ms`,
        );
      if (inFlight.size) log(`cut: ${count(inFlight.size, 'response')}`);
    }
    const code = inTime ? 0 : 1;
    const ms = Math.round(performance.now() - since);
    log(`exit ${code}, ${ms} ms after ${signal}`);
    exit(code);
  }
  // #endregion stop

  // #region signals
  /** Call once the server is listening. */
  function listen(httpServer: Server) {
    server = httpServer;
    const onSignal = (signal: NodeJS.Signals) => {
      // The first signal starts the shutdown; the deadline bounds it. A
      // second one (Ctrl-C again, or npm forwarding what the process group
      // got too) changes nothing.
      if (signalled) return log(`${signal} received: already shutting down`);
      void stop(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  // #endregion signals

  return { gate, ready, listen };
}

const shuttingDown = () =>
  createError(503, 'The server is shutting down. Try again shortly.', {
    code: 'shutting_down',
    expose: true,
    headers: { 'Retry-After': '1' },
  });
