// Build-time data: the job queue's part of docs/data/bench.json (`npm run bench`), for page 07, which
// shows a few of its figures. A loader of its own, so page 07's JS carries those runs and the record's
// date (under 1 KB), not the whole record the Performance page reads through bench.data.ts (25 KB).
import { readFileSync } from 'node:fs';
import { defineLoader } from 'vitepress';
import { BenchResult, type QueueRun } from '../bench-result.js';

interface JobQueueBench {
  /** The day the bench ran: "2026-12-04". */
  date: string;
  /** Each database's run; none when the bench skipped the queue. */
  runs: Partial<Record<QueueRun['database'], QueueRun>>;
}

declare const data: JobQueueBench;
export { data };

export default defineLoader({
  watch: ['../../docs/data/bench.json'],
  load([file]: string[]): JobQueueBench {
    const { date, jobQueue } = BenchResult.parse(
      JSON.parse(readFileSync(file!, 'utf8')),
    );
    const runs = 'runs' in jobQueue ? jobQueue.runs : [];
    return {
      date: date.slice(0, 10),
      runs: Object.fromEntries(runs.map((r) => [r.database, r])),
    };
  },
});
