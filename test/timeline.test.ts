// The timeline each example page draws from its recorded run (docs/logs/NAME.json): every request and
// task of the run is drawn where the log puts it, and the caption states what the picture shows, from
// the data. Runs here are the recorded ones and small made-up ones for the shapes no recording has yet.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logsDir, type RecordedRun } from '../.vitepress/recorded-run.js';
import {
  buildTimeline,
  CUT_SHARE,
  position,
  tickStep,
  ticksOf,
} from '../.vitepress/timeline.js';
import type { TimingEntry } from '../lib/demo/timing-log.js';

const recorded = readdirSync(logsDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    name: path.basename(file, '.json'),
    run: JSON.parse(
      readFileSync(path.join(logsDir, file), 'utf8'),
    ) as RecordedRun,
  }));

/** A made-up run, written as the timing log would record it. */
function run(...entries: TimingEntry[]): RecordedRun {
  return { summary: '', entries };
}
const note = (ms: number, text: string): TimingEntry => ({
  ms,
  text,
  kind: 'note',
});
/** The client sends `name` (`label`: method and path), as log.sent() logs it. */
const sends = (ms: number, name: string, label: string): TimingEntry => ({
  ms,
  text: `client sends ${name}: ${label}`,
  kind: 'sent',
  label,
});
const received = (ms: number, request: number, label: string): TimingEntry => ({
  ms,
  text: `${label} request received`,
  kind: 'request',
  request,
  label,
});
const sent = (
  ms: number,
  request: number,
  label: string,
  took: number,
): TimingEntry => ({
  ms,
  text: `${label} response sent 201 (+${took} ms)`,
  kind: 'response',
  request,
  label,
  status: 201,
});
const task = (
  ms: number,
  kind: 'task-start' | 'task-end' | 'task-error',
  name: string,
  request?: number,
): TimingEntry => ({
  ms,
  text: `task ${name} ${kind}`,
  kind,
  task: name,
  request,
});

describe('timeline of a recorded run', () => {
  it.each(recorded)(
    '$name: draws each request and task of the run, from and to where the log puts them',
    ({ run }) => {
      const rows = buildTimeline(run).parts.flatMap((p) => p.rows);
      const requests = run.entries.filter((e) => e.kind === 'request');
      const starts = run.entries.filter((e) => e.kind === 'task-start');
      expect(rows.filter((r) => r.kind === 'request')).toHaveLength(
        requests.length,
      );
      expect(rows.filter((r) => r.kind === 'task')).toHaveLength(starts.length);
      for (const e of requests) {
        const response = run.entries.find(
          (r) => r.kind === 'response' && r.request === e.request,
        );
        expect(rows).toContainEqual(
          expect.objectContaining({ from: e.ms, to: response?.ms }),
        );
      }
      for (const e of starts)
        expect(rows).toContainEqual(
          expect.objectContaining({ kind: 'task', from: e.ms }),
        );
    },
  );

  it.each(recorded)(
    '$name: states in the caption when the response left, in the log’s own figure',
    ({ run }) => {
      const { parts } = buildTimeline(run);
      for (const part of parts.filter((p) =>
        p.rows.some((r) => r.kind === 'request'),
      )) {
        const row = part.rows.find((r) => r.kind === 'request')!;
        const response = run.entries.find(
          (e) => e.kind === 'response' && e.ms === row.to,
        )!;
        const stated = /\(\+(\d+) ms\)/.exec(response.text)![1];
        expect(part.caption).toContain(`left after ${stated} ms`);
      }
    },
  );

  it('says how long after the response the task ended, and puts the guide at the response', () => {
    const { parts, width, step } = buildTimeline(
      run(
        received(40, 1, 'POST /orders'),
        sent(53, 1, 'POST /orders', 13),
        task(54, 'task-start', 'notify', 1),
        note(60, 'client got 201'),
        task(354, 'task-end', 'notify', 1),
      ),
    );
    expect(parts).toHaveLength(1);
    expect(parts[0]!.caption).toBe(
      'The response to POST /orders left after 13 ms; notify ended 301 ms after it.',
    );
    expect(parts[0]!.guide).toEqual({ ms: 53, label: 'response sent' });
    expect(parts[0]!.rows.map((r) => [r.label, r.nested])).toEqual([
      ['POST /orders: 201 after 13 ms', false],
      ['notify: 300 ms', true],
    ]);
    expect(parts[0]!.notes).toEqual([{ ms: 60, text: 'client got 201' }]);
    expect([parts[0]!.start, width, step]).toEqual([0, 400, 100]);
  });

  it('counts failed tasks, and runs of one task, after the response', () => {
    const failing = buildTimeline(
      run(
        received(0, 1, 'POST /a'),
        sent(10, 1, 'POST /a', 10),
        task(10, 'task-start', 'one', 1),
        task(11, 'task-error', 'one', 1),
        task(11, 'task-start', 'two', 1),
        task(110, 'task-end', 'two', 1),
      ),
    );
    expect(failing.parts[0]!.caption).toBe(
      'The response to POST /a left after 10 ms; its 2 tasks ran until 100 ms after it; 1 failed.',
    );
    expect(failing.parts[0]!.rows[1]).toMatchObject({
      label: 'one failed after 1 ms',
      outcome: 'failed',
    });
    // A job queue's retries: the same task twice, for no request.
    const retried = buildTimeline(
      run(
        received(0, 1, 'POST /a'),
        sent(10, 1, 'POST /a', 10),
        task(500, 'task-start', 'send'),
        task(510, 'task-error', 'send'),
        task(4000, 'task-start', 'send'),
        task(4010, 'task-end', 'send'),
      ),
    );
    expect(retried.parts[0]!.caption).toBe(
      'The response to POST /a left after 10 ms; send ran 2 times, until 4000 ms after it; 1 failed.',
    );
    expect(retried.parts[0]!.rows.map((r) => r.nested)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('splits a run at its "--- name ---" notes, every part on the same scale', () => {
    const timeline = buildTimeline(
      run(
        note(1, 'warming up'),
        note(2, '--- blocking ---'),
        received(5, 1, 'POST /a'),
        sent(6, 1, 'POST /a', 1),
        task(6, 'task-start', 'cpu', 1),
        sends(7, 'request B', 'GET /b'),
        task(500, 'task-end', 'cpu', 1),
        received(501, 2, 'GET /b'),
        sent(502, 2, 'GET /b', 1),
        note(510, '--- not blocking ---'),
        received(520, 3, 'POST /a'),
        sent(521, 3, 'POST /a', 1),
        task(521, 'task-start', 'io', 3),
        sends(522, 'request B', 'GET /b'),
        received(523, 4, 'GET /b'),
        sent(524, 4, 'GET /b', 1),
        task(720, 'task-end', 'io', 3),
      ),
    );
    expect(timeline.parts.map((p) => [p.title, p.start])).toEqual([
      ['blocking', 0],
      ['not blocking', 400],
    ]);
    expect(timeline.width).toBe(600); // the widest part, in whole ticks
    expect(timeline.parts[0]!.caption).toBe(
      'The response to POST /a left after 1 ms; cpu ended 494 ms after it; GET /b arrived 494 ms after it was sent, once cpu had ended.',
    );
    expect(timeline.parts[0]!.rows[2]).toMatchObject({
      sentAt: 7,
      label: 'GET /b: arrived 494 ms after it was sent; 201 after 1 ms',
    });
    expect(timeline.parts[1]!.caption).toBe(
      'The response to POST /a left after 1 ms; io ended 199 ms after it; GET /b was answered while io ran.',
    );
  });

  it('draws a span the log never closed to the end of its part', () => {
    const { parts } = buildTimeline(
      run(
        received(0, 1, 'POST /a'),
        task(5, 'task-start', 'stuck'),
        note(90, 'exit'),
      ),
    );
    expect(parts[0]!.rows).toMatchObject([
      {
        outcome: 'open',
        to: 90,
        label: 'POST /a: no response by the end of the log',
      },
      {
        outcome: 'open',
        to: 90,
        label: 'stuck: still running at the end of the log',
      },
    ]);
    expect(parts[0]!.guide).toBeUndefined();
    expect(parts[0]!.caption).toBe('1 task ran, for no request.');
  });

  it('draws a run of notes only, one row per note', () => {
    const { parts } = buildTimeline(
      run(note(0, 'SIGTERM'), note(1200, 'all tasks drained, exiting')),
    );
    expect(parts).toHaveLength(1);
    expect(parts[0]!.rows.map((r) => [r.kind, r.from, r.label])).toEqual([
      ['note', 0, 'SIGTERM'],
      ['note', 1200, 'all tasks drained, exiting'],
    ]);
    expect(parts[0]!.caption).toBe('No request and no task here: 2 notes.');
  });

  it.each(recorded)(
    '$name: places every drawn moment on the axis in time order, none inside a cut',
    ({ run }) => {
      for (const part of buildTimeline(run).parts) {
        const moments = part.rows
          .flatMap((r) => [r.sentAt, r.from, r.to])
          .filter((ms) => ms !== undefined)
          .sort((a, b) => a - b);
        const at = moments.map((ms) => position(part, ms));
        expect(at).toEqual([...at].sort((a, b) => a - b));
        expect(Math.min(...at)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...at)).toBeLessThanOrEqual(1);
        if (part.cut)
          for (const ms of moments)
            expect(ms <= part.cut.from || ms >= part.cut.to).toBe(true);
      }
    },
  );

  it('cuts a wait longer than everything drawn around it out of the axis (a retry after a kill), so the short spans get the width', () => {
    const { parts } = buildTimeline(
      run(
        received(390, 1, 'POST /orders'),
        sent(411, 1, 'POST /orders', 22),
        task(884, 'task-start', 'send'),
        task(898, 'task-error', 'send'),
        task(4806, 'task-start', 'send'),
        task(4822, 'task-end', 'send'),
      ),
    );
    const [part] = parts;
    expect(part!.cut).toMatchObject({ gap: 3908 });
    expect(part!.cut!.from).toBeGreaterThan(898);
    expect(part!.cut!.to).toBeLessThan(4806);
    // The 16 ms retry: 1/300 of an uncut 4,800 ms axis; here over 1/50.
    const [, failed, retry] = part!.rows;
    const share = (r: typeof retry) =>
      position(part!, r!.to) - position(part!, r!.from);
    expect(share(retry)).toBeGreaterThan(0.02);
    expect(share(failed)).toBeGreaterThan(0.02);
    expect(
      position(part!, part!.cut!.to) - position(part!, part!.cut!.from),
    ).toBeCloseTo(CUT_SHARE);
    // The response long before the first attempt: its gap is drawn to scale, not cut.
    expect(position(part!, 884) - position(part!, 411)).toBeGreaterThan(0.7);
    // A tick on each side of the cut, none in it.
    const ticks = ticksOf(part!);
    expect(ticks.some((t) => t < part!.cut!.from)).toBe(true);
    expect(ticks.some((t) => t > part!.cut!.to)).toBe(true);
    expect(ticks.every((t) => t <= part!.cut!.from || t >= part!.cut!.to)).toBe(
      true,
    );
  });

  it('leaves the axis whole when the longest wait is shorter than what is drawn around it', () => {
    const { parts } = buildTimeline(
      run(
        received(40, 1, 'POST /orders'),
        sent(53, 1, 'POST /orders', 13),
        task(54, 'task-start', 'notify', 1),
        task(354, 'task-end', 'notify', 1),
        received(500, 2, 'GET /orders'),
        sent(502, 2, 'GET /orders', 2),
      ),
    );
    expect(parts[0]!.cut).toBeUndefined();
    expect([parts[0]!.start, parts[0]!.end]).toEqual([0, 600]);
    expect(position(parts[0]!, 300)).toBe(0.5);
  });

  it('picks tick steps of 1, 2 or 5 times a power of ten', () => {
    expect([7, 40, 359, 976, 4835].map(tickStep)).toEqual([
      2, 10, 100, 200, 1000,
    ]);
  });
});
