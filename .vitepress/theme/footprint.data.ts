// Build-time data: docs/data/footprint.json, written by `npm run footprint`,
// checked against its schema (../footprint-result.ts). Page 07 renders its
// install sizes, memory and start-up times from it; nothing is typed there.
import { readFileSync } from 'node:fs';
import { defineLoader } from 'vitepress';
import { Footprint } from '../footprint-result.js';

declare const data: Footprint;
export { data };

export default defineLoader({
  watch: ['../../docs/data/footprint.json'],
  load: (files: string[]): Footprint =>
    Footprint.parse(JSON.parse(readFileSync(files[0]!, 'utf8'))),
});
