// docs/logs/NN-name.{txt,json}: one recorded run of each example's
// `npm start`, which its page shows as text and draws as a timeline.
// `npm run record-logs` writes them; the timeline, the site's tests and the
// payload test read them through this module.
import { fileURLToPath } from 'node:url';
import type { TimingEntry } from '../lib/demo/timing-log.js';

export const logsDir = fileURLToPath(new URL('../docs/logs/', import.meta.url));

/** docs/logs/NAME.json: one recorded run of an example's `npm start`. */
export interface RecordedRun {
  /** The last line printed: what the run shows, in one sentence. */
  summary: string;
  entries: TimingEntry[];
}

/** A log's lines with times, counts and ids masked, in sorted order: what
 * must stay the same between runs. */
export const logShape = (log: string) =>
  log
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('>'))
    .map((line) =>
      line
        .replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '<id>')
        .replace(/\d+/g, 'N')
        .replace(/\s+/g, ' ')
        .replace(/^\[ /, '[') // "[  980 ms]" and "[10021 ms]" alike
        .trim(),
    )
    .sort();
