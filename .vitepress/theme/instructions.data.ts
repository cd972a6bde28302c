// Build-time data: docs/data/instructions.json, written by
// `npm run bench:instructions`, checked against its schema
// (../instructions.ts). The Performance page gets the record in its bundle.
import { readFileSync } from 'node:fs';
import { defineLoader } from 'vitepress';
import { InstructionsResult } from '../instructions-result.js';

declare const data: InstructionsResult;
export { data };

export default defineLoader({
  watch: ['../../docs/data/instructions.json'],
  load: (files: string[]): InstructionsResult =>
    InstructionsResult.parse(JSON.parse(readFileSync(files[0]!, 'utf8'))),
});
