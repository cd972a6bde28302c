// Build-time data: each example's recorded run (docs/logs/NAME.json, written by
// `npm run record-logs`), laid out as a timeline. The page gets the result in
// its bundle; nothing is fetched when it runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineLoader } from 'vitepress';
import { buildTimeline, type Timeline } from '../timeline.js';

declare const data: Record<string, Timeline>;
export { data };

export default defineLoader({
  watch: ['../../docs/logs/*.json'],
  load(files: string[]): Record<string, Timeline> {
    return Object.fromEntries(
      files.map((file) => [
        path.basename(file, '.json'),
        buildTimeline(JSON.parse(readFileSync(file, 'utf8'))),
      ]),
    );
  },
});
