// Build-time data: docs/data/sandbox.json (npm run sandbox:record), as the one
// line each example's sandbox box shows: what was verified here and in a live
// StackBlitz session. An example the record does not name says so.
import { readFileSync } from 'node:fs';
import { defineLoader } from 'vitepress';
import { listExamples } from '../examples.js';
import { type SandboxRecord, verifiedLine } from '../sandbox-record.js';

declare const data: Record<string, string>;
export { data };

export default defineLoader({
  watch: ['../../docs/data/sandbox.json'],
  async load([file]: string[]): Promise<Record<string, string>> {
    const record: SandboxRecord = file
      ? JSON.parse(readFileSync(file, 'utf8'))
      : { command: '', examples: {} };
    return Object.fromEntries(
      (await listExamples()).map((name) => {
        const entry = record.examples[name];
        return [
          name,
          entry
            ? verifiedLine(entry)
            : 'Not yet verified here (npm run sandbox:record) nor in a live StackBlitz session.',
        ];
      }),
    );
  },
});
