// The timing log every example prints on start: when each request arrived, when its response left,
// when each background task started and ended. All times are ms since the log was created.
import type { AddressInfo } from 'node:net';
import type { Express, RequestHandler } from 'express';
import type { BackgroundTaskRunner, TaskEvent } from './background-tasks.js';

export interface TimingLog {
  /** Mount first: logs "request received" and "response sent". */
  middleware: RequestHandler;
  /** Pass as `backgroundTasks({ onEvent })`: logs task start, end and failure. */
  onTaskEvent: (event: TaskEvent) => void;
  /** Print a line of your own, stamped with the time. */
  note: (text: string) => void;
  /** ms since the log began, at the last line whose text includes `match`. */
  at: (match: string) => number;
  /** ms from the last line including `from` to the last line including `to`. */
  between: (from: string, to: string) => number;
  /** POST `body` as JSON to `url`, like a real client, and note the status and body it got back. */
  post: (url: string, body?: unknown) => Promise<Response>;
}

export function createTimingLog(write: (line: string) => void = console.log): TimingLog {
  const t0 = performance.now();
  const lines: Array<{ ms: number; text: string }> = [];
  const taskStart = new Map<string, number>();
  const note = (text: string) => {
    const ms = performance.now() - t0;
    lines.push({ ms, text });
    write(`[${String(Math.round(ms)).padStart(5)} ms] ${text}`);
  };
  const exact = (match: string) => {
    const line = lines.findLast((l) => l.text.includes(match));
    if (!line) throw new Error(`no timing line includes "${match}"`);
    return line.ms;
  };
  return {
    note,
    middleware(req, res, next) {
      const label = `${req.method} ${req.originalUrl}`;
      const since = performance.now();
      note(`${label} request received`);
      res.on('finish', () => note(`${label} response sent ${res.statusCode} (+${Math.round(performance.now() - since)} ms)`));
      next();
    },
    onTaskEvent(event) {
      const key = `${event.method} ${event.path} ${event.task}`;
      if (event.type === 'start') {
        taskStart.set(key, performance.now());
        return note(`task ${event.task} started`);
      }
      const took = Math.round(performance.now() - (taskStart.get(key) ?? t0));
      note(event.type === 'end' ? `task ${event.task} finished (+${took} ms)` : `task ${event.task} failed (+${took} ms): ${String(event.error)}`);
    },
    at: (match) => Math.round(exact(match)),
    between: (from, to) => Math.round(exact(to) - exact(from)), // round once, as the log's (+N ms) does
    async post(url, body = {}) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      note(`client got ${res.status} ${await res.clone().text()}`);
      return res;
    },
  };
}

/** Listen on a free port, run `client(baseUrl)`, wait for every background task, then close. */
export async function runDemo(app: Express, tasks: BackgroundTaskRunner, client: (baseUrl: string) => Promise<void>) {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    await client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await tasks.settled();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
