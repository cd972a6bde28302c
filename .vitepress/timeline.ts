// From a recorded run (docs/logs/NAME.json) to what its timeline draws: each
// request's span (received to response sent), each task's span (start to end or
// failure), the notes, and a caption that says in words what the picture shows.
// Pure and synchronous: the data loader runs it at build time, the tests call it
// directly. Any valid run gives a timeline: one request or many, tasks with or
// without a request, runs made of parts ("--- name ---" notes), notes only.
import type { TimingEntry } from '../lib/demo/timing-log.js';
import type { RecordedRun } from './recorded-run.js';

export interface Row {
  kind: 'request' | 'task' | 'note' | 'mark';
  /** The text above the bar, e.g. "POST /orders: 201 after 13 ms". */
  label: string;
  /** What it is, for the table: "POST /orders", "task sendNotification". */
  name: string;
  from: number;
  /** The end: the response sent, the task ended or failed; for a span the
   * log never closed, the end of its part. */
  to: number;
  outcome: 'ok' | 'failed' | 'open';
  /** A task of a request drawn above it: indented under that request. */
  nested: boolean;
  /** A request: when the client sent it, from the log's `sent` entry. */
  sentAt?: number;
  /** "201 after 13 ms", "failed after 0 ms": the table's last column. */
  result: string;
}

interface Note {
  ms: number;
  text: string;
}

/** Where a part's axis leaves out a stretch of time with nothing drawn in it. */
interface Cut {
  /** The axis jumps from `from` to `to` (ms). */
  from: number;
  to: number;
  /** From the last moment drawn before the cut to the first after it (ms). */
  gap: number;
}

export interface Part {
  /** From the part's "--- title ---" note; none for a run in one part. */
  title?: string;
  /** The left end of its axis (ms); without a cut, a multiple of the tick step. */
  start: number;
  /** The right end of its axis (ms). */
  end: number;
  /** Its tick step: the timeline's, or its own when its axis is cut. */
  step: number;
  /** A gap longer than everything drawn around it (a retry's wait) is cut out of the axis, so
   * the spans on either side get the width. */
  cut?: Cut;
  /** Requests (each followed by its tasks) and tasks; in a part with
   * neither, its notes. */
  rows: Row[];
  /** The notes not drawn as a row or as a request's send: listed under the
   * table. */
  notes: Note[];
  /** The moment a response left, drawn as a line across the part. */
  guide?: { ms: number; label: string };
  /** What to see, in one sentence, from the data. */
  caption: string;
}

export interface Timeline {
  parts: Part[];
  /** Every part's axis is this wide (ms), so parts compare at a glance. */
  width: number;
  /** The distance between two ticks (ms). */
  step: number;
}

const PART_TITLE = /^--- (.+) ---$/;
/** The duration a log line states itself, as in "response sent 201 (+13 ms)". */
const STATED = /\(\+(\d+) ms\)/;

/** A round tick step that cuts `span` ms into at most 5 intervals. */
export function tickStep(span: number): number {
  const rough = Math.max(span, 1) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
}

/** Splits the run at "--- title ---" notes; a part with no request or task
 * joins the next one (or the one before, at the end), so every part drawn has
 * something to draw unless the whole run is notes. */
function splitParts(entries: TimingEntry[]) {
  const parts: { title?: string; entries: TimingEntry[] }[] = [];
  for (const entry of entries) {
    const title =
      entry.kind === 'note' ? PART_TITLE.exec(entry.text)?.[1] : undefined;
    if (title !== undefined || parts.length === 0)
      parts.push({ title, entries: [] });
    if (title === undefined) parts.at(-1)!.entries.push(entry);
  }
  const drawable = (p: (typeof parts)[number]) =>
    p.entries.some((e) => e.kind !== 'note' && e.kind !== 'sent');
  if (!parts.some(drawable)) return parts.slice(0, 1); // notes only: one part
  const merged: typeof parts = [];
  let pending: TimingEntry[] = [];
  for (const part of parts) {
    if (!drawable(part)) {
      pending.push(...part.entries);
      continue;
    }
    merged.push({ title: part.title, entries: [...pending, ...part.entries] });
    pending = [];
  }
  merged.at(-1)!.entries.push(...pending);
  return merged;
}

const ms = (n: number) => `${n} ms`;
const duration = (to: TimingEntry, from: number) =>
  Number(STATED.exec(to.text)?.[1] ?? Math.round(to.ms - from));

/** A row for one moment of the log: a note, or a mark (a signal, an exit). */
const momentRow = (kind: 'note' | 'mark', { ms, text }: Note): Row => ({
  kind,
  name: kind === 'mark' ? 'moment' : 'note',
  label: text,
  from: ms,
  to: ms,
  outcome: 'ok',
  nested: false,
  result: text,
});

/** The rows of one part: each request followed by its own tasks, then the
 * tasks of no request (or of a request in another part). */
function rowsOf(entries: TimingEntry[], end: number, span: number) {
  const requests = new Map<number, Row & { status?: number }>();
  const tasks: (Row & { request?: number })[] = [];
  const open = new Map<string, (typeof tasks)[number][]>(); // started, not ended
  const used = new Set<TimingEntry>(); // sends drawn on a request's row
  for (const entry of entries) {
    if (entry.kind === 'request') {
      const sent = entries.findLast(
        (e) =>
          e.kind === 'sent' &&
          e.ms <= entry.ms &&
          !used.has(e) &&
          e.label === entry.label,
      );
      if (sent) used.add(sent);
      requests.set(entry.request, {
        kind: 'request',
        name: entry.label,
        label: `${entry.label}: no response by the end of the log`,
        from: entry.ms,
        to: end,
        outcome: 'open',
        nested: false,
        sentAt: sent?.ms,
        result: 'no response',
      });
    } else if (entry.kind === 'response') {
      const row = requests.get(entry.request);
      if (!row) continue; // received in an earlier part
      const took = duration(entry, row.from);
      const waited =
        row.sentAt !== undefined && row.from - row.sentAt >= span / 20
          ? `arrived ${ms(Math.round(row.from - row.sentAt))} after it was sent; `
          : '';
      Object.assign(row, {
        to: entry.ms,
        outcome: 'ok',
        status: entry.status,
        label: `${entry.label}: ${waited}${entry.status} after ${ms(took)}`,
        result: `${entry.status} after ${ms(took)}`,
      });
    } else if (entry.kind === 'task-start') {
      const row = {
        kind: 'task' as const,
        name: `task ${entry.task}`,
        label: `${entry.task}: still running at the end of the log`,
        from: entry.ms,
        to: end,
        outcome: 'open' as const,
        nested: false,
        request: entry.request,
        result: 'still running',
      };
      tasks.push(row);
      const key = `${entry.request} ${entry.task}`;
      open.set(key, [...(open.get(key) ?? []), row]);
    } else if (entry.kind === 'task-end' || entry.kind === 'task-error') {
      const key = `${entry.request} ${entry.task}`;
      const row = open.get(key)?.shift();
      if (!row) continue; // started in an earlier part
      const took = duration(entry, row.from);
      const failed = entry.kind === 'task-error';
      Object.assign(row, {
        to: entry.ms,
        outcome: failed ? 'failed' : 'ok',
        label: failed
          ? `${entry.task} failed after ${ms(took)}`
          : `${entry.task}: ${ms(took)}`,
        result: failed ? `failed after ${ms(took)}` : `ended after ${ms(took)}`,
      });
    }
  }
  const rows: Row[] = [];
  for (const [number, request] of requests) {
    rows.push(request);
    for (const task of tasks)
      if (task.request === number) rows.push({ ...task, nested: true });
  }
  for (const task of tasks)
    if (task.request === undefined || !requests.has(task.request))
      rows.push(task);
  // Marks (a signal, an exit) follow, one row each, in the order they came.
  for (const entry of entries)
    if (entry.kind === 'mark') rows.push(momentRow('mark', entry));
  // A send that no request of this part matches is listed as a note.
  const notes = entries
    .filter((e) => (e.kind === 'note' || e.kind === 'sent') && !used.has(e))
    .map(({ ms, text }) => ({ ms, text }));
  // A part with no request and no task draws its notes, one row each; other
  // parts list their notes in the table only.
  if (rows.length) return { rows, notes, requests, tasks };
  const noteRows = notes.map((note) => momentRow('note', note));
  return { rows: noteRows, notes: [], requests, tasks };
}

/** One sentence: when the first response left, how long its tasks ran after
 * it, and whether each later request waited for a task or was answered while
 * one ran. */
function captionOf(
  rows: Row[],
  requests: Map<number, Row & { status?: number }>,
  tasks: (Row & { request?: number })[],
) {
  const clauses: string[] = [];
  const [firstNumber, first] = [...requests].find(
    ([, r]) => r.outcome === 'ok',
  ) ?? [undefined, undefined];
  if (first) {
    clauses.push(
      `The response to ${first.name} left after ${ms(Math.round(first.to - first.from))}`,
    );
    const after = tasks.filter(
      (t) =>
        t.from >= first.to &&
        (t.request === firstNumber || t.request === undefined),
    );
    if (after.length) {
      const last = Math.max(...after.map((t) => t.to));
      const failed = after.filter((t) => t.outcome === 'failed').length;
      const names = new Set(after.map((t) => t.name.slice('task '.length)));
      const by = ms(Math.round(last - first.to));
      const failures = failed ? `; ${failed} failed` : '';
      clauses.push(
        after.length === 1
          ? `${[...names][0]} ${failed ? 'failed' : 'ended'} ${by} after it`
          : names.size === 1
            ? `${[...names][0]} ran ${after.length} times, until ${by} after it${failures}`
            : `its ${after.length} tasks ran until ${by} after it${failures}`,
      );
    }
    for (const [number, later] of requests) {
      if (number === firstNumber || later.outcome !== 'ok') continue;
      const waitedFor = tasks.find(
        (t) =>
          later.sentAt !== undefined &&
          t.from <= later.sentAt &&
          t.to > later.sentAt &&
          t.to <= later.from,
      );
      const during = tasks.find((t) => t.from <= later.from && t.to > later.to);
      if (waitedFor)
        clauses.push(
          `${later.name} arrived ${ms(Math.round(later.from - later.sentAt!))} after it was sent, once ${waitedFor.name.slice('task '.length)} had ended`,
        );
      else if (during)
        clauses.push(
          `${later.name} was answered while ${during.name.slice('task '.length)} ran`,
        );
    }
  } else if (tasks.length) {
    const failed = tasks.filter((t) => t.outcome === 'failed').length;
    clauses.push(
      `${tasks.length} task${tasks.length > 1 ? 's' : ''} ran, for no request${failed ? `; ${failed} failed` : ''}`,
    );
  } else {
    clauses.push(
      `No request and no task here: ${rows.length} note${rows.length === 1 ? '' : 's'}`,
    );
  }
  return `${clauses.join('; ')}.`;
}

/** The share of the axis a cut takes. */
export const CUT_SHARE = 0.1;

/** Where `ms` falls on the part's axis, from 0 (left end) to 1 (right end). */
export function position(part: Part, ms: number): number {
  const { start, end, cut } = part;
  if (!cut) return (ms - start) / (end - start);
  const scale = (1 - CUT_SHARE) / (end - start - (cut.to - cut.from));
  const left = (cut.from - start) * scale;
  if (ms <= cut.from) return (ms - start) * scale;
  if (ms >= cut.to) return left + CUT_SHARE + (ms - cut.to) * scale;
  return left + (CUT_SHARE * (ms - cut.from)) / (cut.to - cut.from);
}

/** The part's tick marks (ms): multiples of its step on the axis, none inside a cut. */
export function ticksOf(part: Part): number[] {
  const { start, end, step, cut } = part;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step)
    if (!cut || t <= cut.from || t >= cut.to) ticks.push(t);
  return ticks;
}

/** The longest stretch with nothing drawn, when it is longer than everything drawn around it:
 * the axis then runs from a little before the first drawn moment to a little after the last. */
function cutOf(
  rows: Row[],
): { start: number; end: number; cut: Cut } | undefined {
  const spans = rows
    .map((r) => [Math.min(r.sentAt ?? r.from, r.from), r.to] as const)
    .sort((a, b) => a[0] - b[0]);
  if (spans.length < 2) return undefined;
  let reach = spans[0]![1];
  let best: { from: number; to: number } | undefined;
  for (const [from, to] of spans.slice(1)) {
    if (from > reach && (!best || from - reach > best.to - best.from))
      best = { from: reach, to: from };
    reach = Math.max(reach, to);
  }
  const first = spans[0]![0];
  if (!best || best.to - best.from <= (reach - first) / 2) return undefined;
  const drawn = reach - first - (best.to - best.from);
  const pad = Math.max(drawn * 0.04, 1);
  return {
    start: first - pad,
    end: reach + pad,
    cut: {
      from: best.from + pad,
      to: best.to - pad,
      gap: Math.round(best.to - best.from),
    },
  };
}

/** A cut axis's tick step: the usual one for the time it shows, or smaller until each side of
 * the cut has a tick. */
function cutStep({
  start,
  end,
  cut,
}: {
  start: number;
  end: number;
  cut: Cut;
}) {
  const has = (step: number, from: number, to: number) =>
    Math.floor(to / step) * step >= from;
  let step = tickStep(end - start - (cut.to - cut.from));
  while (step > 1 && !(has(step, start, cut.from) && has(step, cut.to, end)))
    step = String(step).startsWith('5') ? step * 0.4 : step / 2; // 500, 200, 100, 50

  return step;
}

export function buildTimeline(run: RecordedRun): Timeline {
  const split = splitParts(run.entries);
  const firstOf = (p: (typeof split)[number]) => p.entries[0]?.ms ?? 0;
  const lastOf = (p: (typeof split)[number]) => p.entries.at(-1)?.ms ?? 0;
  // One scale for all parts: find the widest part, then round it to ticks.
  const rough = Math.max(...split.map((p) => lastOf(p) - firstOf(p)), 1);
  let step = tickStep(rough);
  const widthFor = (s: number) =>
    Math.max(
      ...split.map(
        (p) => Math.ceil(lastOf(p) / s) * s - Math.floor(firstOf(p) / s) * s,
      ),
      s,
    );
  if (widthFor(step) / step > 6) step = tickStep(widthFor(step));
  const width = widthFor(step);
  const parts = split.map((p): Part => {
    const start = Math.floor(firstOf(p) / step) * step;
    const { rows, notes, requests, tasks } = rowsOf(
      p.entries,
      lastOf(p),
      width,
    );
    const guideRequest =
      rows.find(
        (r, i) => r.kind === 'request' && rows[i + 1]?.nested === true,
      ) ?? rows.find((r) => r.kind === 'request' && r.outcome === 'ok');
    const cut = cutOf(rows);
    return {
      title: p.title,
      ...(cut
        ? { ...cut, step: cutStep(cut) }
        : { start, end: start + width, step }),
      rows,
      notes,
      guide:
        guideRequest?.outcome === 'ok'
          ? { ms: guideRequest.to, label: 'response sent' }
          : undefined,
      caption: captionOf(rows, requests, tasks),
    };
  });
  return { parts, width, step };
}
