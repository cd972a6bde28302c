// The one way docs/data/bench.json's figures are written out: the Performance
// page writes them with range() and targetText(), as its chart does
// (bench-chart-html.ts). Types only from bench-result.ts (the zod schema):
// this module ships to readers with the page's script, and zod would go with
// it (110 KB).
import type { Ratio, Spread } from './bench-result.js';

export type { BenchResult, QueueRun, Ratio, Spread } from './bench-result.js';

/** A spread as the page writes it: "1.02 (1.01–1.05)". */
export const range = (s: Spread, digits: number) =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** Whether a ratio's median meets its target; one with no target does. */
export const met = (r: Ratio) =>
  !r.target ||
  (r.target.op === '<='
    ? r.value.median <= r.target.value
    : r.value.median >= r.target.value);

/** "at most 1.1, met": a ratio's target and whether it was met. In words:
 * ≤ and ≥ would fetch Inter's 82 KB symbols font for two characters. */
export const targetText = (r: Ratio) =>
  r.target
    ? `at ${r.target.op === '<=' ? 'most' : 'least'} ${r.target.value}, ${met(r) ? 'met' : 'missed'}`
    : '';
