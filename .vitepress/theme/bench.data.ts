// Build-time data: docs/data/bench.json, written by `npm run bench`, checked
// against its schema (../bench-result.ts) and indexed for the Performance page. The
// page gets the result in its bundle; nothing is fetched when it runs.
import { readFileSync } from 'node:fs';
import { defineLoader } from 'vitepress';
import { BenchResult } from '../bench-result.js';

/** What the Performance page reads: the run, its ratios and series by id. */
export function benchView(bench: BenchResult) {
  const ratio = Object.fromEntries(bench.ratios.map((r) => [r.id, r]));
  const series = Object.fromEntries(bench.series.map((s) => [s.id, s]));
  const floor = ratio['throughput-immediate']?.value.median;
  const target = ratio['throughput']?.target?.value;
  return {
    bench,
    ratio,
    series,
    /** The ratios the chart draws. */
    costs: bench.ratios.filter((r) => r.kind === 'cost'),
    peer: 'skipped' in bench.peer ? undefined : bench.peer,
    /** Whether a bare setImmediate task already costs more than the
     * throughput target allows. */
    floorMissesTarget:
      floor !== undefined && target !== undefined && floor < target,
    /** latency_ratio's ratio: the 500 ms task ÷ the same task by bare
     * setImmediate, or, in records made before that, ÷ no task. */
    latency: ratio['latency-p50-c50-vs-immediate'] ?? ratio['latency-p50-c50']!,
    /** The plain server ÷ itself in another process; absent in records
     * made before it. */
    control: ratio['control'],
  };
}
export type BenchView = ReturnType<typeof benchView>;

/** The record, from the repository's root; the loader watches it. */
export const BENCH_FILE = 'docs/data/bench.json';

/** The record in `file`, checked against its schema, as the page reads it. */
export const readBenchView = (file: string) =>
  benchView(BenchResult.parse(JSON.parse(readFileSync(file, 'utf8'))));

declare const data: BenchView;
export { data };

export default defineLoader({
  watch: [`../../${BENCH_FILE}`],
  load: (files: string[]): BenchView => readBenchView(files[0]!),
});
