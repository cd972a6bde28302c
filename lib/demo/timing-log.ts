// The timing log every example prints: when each request arrived, when its
// response left, when each background task started and ended. Times are ms
// since the log was created. It keeps each line as a structured entry too,
// from which the site draws the example's timeline.
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import type { TaskEvent } from '../background-tasks.js';

/** One line of the log, as data. `request` numbers the requests from 1. */
export type TimingEntry = { ms: number; text: string } & (
  | { kind: 'note' | 'mark' }
  /** The client sends a request (`label`: its method and path); the
   * timeline draws it on that request's row. */
  | { kind: 'sent'; label: string }
  | { kind: 'request'; request: number; label: string }
  | { kind: 'response'; request: number; label: string; status: number }
  | {
      kind: 'task-start' | 'task-end' | 'task-error';
      request?: number;
      task: string;
    }
);

export interface TimingLog {
  /** Mount first: logs "request received" and "response sent". */
  middleware: RequestHandler;
  /** Pass as `backgroundTasks({ onEvent })`: logs task start, end, failure. */
  onTaskEvent: (event: TaskEvent) => void;
  /** Print a line of your own, stamped with the time. */
  note: (text: string) => void;
  /** A note for a moment the timeline draws on its axis: a signal, an exit. */
  mark: (text: string) => void;
  /** The client sends `name` ("request B"), `label` ("GET /documents"):
   * logged as "client sends request B: GET /documents". */
  sent: (name: string, label: string) => void;
  /** ms since the log began, at the last line whose text includes `match`. */
  at: (match: string) => number;
  /** ms from the last line including `from` to the last including `to`. */
  between: (from: string, to: string) => number;
  /** Every line so far, as data. */
  readonly entries: readonly TimingEntry[];
}

/** If set, the entries are written to this file as JSON when the process exits
 * (`npm run record-logs` uses it to store the run beside its text log). */
const ENTRIES_FILE = process.env.TIMING_LOG_ENTRIES;

export function createTimingLog(
  write: (line: string) => void = console.log,
): TimingLog {
  const t0 = performance.now();
  const entries: TimingEntry[] = [];
  // Which request a task belongs to: tasks run in their request's async
  // context (background-tasks.ts keeps it), so they see its store.
  const current = new AsyncLocalStorage<number>();
  let requests = 0;
  const taskStart = new Map<string, number>();
  const since = (start: number) => Math.round(performance.now() - start);

  const add = (entry: TimingEntry) => {
    entries.push(entry);
    write(`[${String(Math.round(entry.ms)).padStart(5)} ms] ${entry.text}`);
  };
  const now = () => performance.now() - t0;
  const exact = (match: string) => {
    const entry = entries.findLast((e) => e.text.includes(match));
    if (!entry) throw new Error(`no timing line includes "${match}"`);
    return entry.ms;
  };
  if (ENTRIES_FILE) {
    process.on('exit', () =>
      writeFileSync(ENTRIES_FILE, JSON.stringify(entries)),
    );
  }

  return {
    entries,
    note: (text) => add({ ms: now(), text, kind: 'note' }),
    mark: (text) => add({ ms: now(), text, kind: 'mark' }),
    sent: (name, label) =>
      add({
        ms: now(),
        text: `client sends ${name}: ${label}`,
        kind: 'sent',
        label,
      }),
    middleware(req, res, next) {
      const request = ++requests;
      const label = `${req.method} ${req.originalUrl}`;
      const received = performance.now();
      add({
        ms: now(),
        text: `${label} request received`,
        kind: 'request',
        request,
        label,
      });
      res.on('finish', () => {
        const status = res.statusCode;
        const text = `${label} response sent ${status} (+${since(received)} ms)`;
        add({ ms: now(), text, kind: 'response', request, label, status });
      });
      current.run(request, next);
    },
    onTaskEvent(event) {
      const request = current.getStore();
      const key = `${request} ${event.task}`;
      const { task } = event;
      if (event.type === 'start') {
        taskStart.set(key, performance.now());
        return add({
          ms: now(),
          text: `task ${task} started`,
          kind: 'task-start',
          request,
          task,
        });
      }
      const took = since(taskStart.get(key) ?? t0);
      const text =
        event.type === 'end'
          ? `task ${task} finished (+${took} ms)`
          : `task ${task} failed (+${took} ms): ${String(event.error)}`;
      const kind = event.type === 'end' ? 'task-end' : 'task-error';
      add({ ms: now(), text, kind, request, task });
    },
    at: (match) => Math.round(exact(match)),
    // Round once, as the log's (+N ms) does.
    between: (from, to) => Math.round(exact(to) - exact(from)),
  };
}
