// Build-time data: the semantics matrix recorded by `npm run semantics`
// (docs/data/semantics.json), checked against its schema, as rows and cells.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineLoader } from 'vitepress';
import { SemanticsResult } from '../semantics-result.js';
import { repositoryUrl } from '../package-info.js';
import { buildMatrix, SCENARIOS_FILE, type Matrix } from '../semantics.js';

declare const data: Matrix;
export { data };

const root = new URL('../../', import.meta.url);

export default defineLoader({
  watch: ['../../docs/data/semantics.json', `../../${SCENARIOS_FILE}`],
  load(): Matrix {
    const read = (file: string) =>
      readFileSync(fileURLToPath(new URL(file, root)), 'utf8');
    return buildMatrix(
      SemanticsResult.parse(JSON.parse(read('docs/data/semantics.json'))),
      read(SCENARIOS_FILE),
      repositoryUrl,
    );
  },
});
