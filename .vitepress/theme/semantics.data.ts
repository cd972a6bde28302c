// Build-time data: the semantics matrix recorded by `npm run semantics`
// (docs/data/semantics.json), checked against its schema, as rows and cells:
// the page's prose around the table reads its date, command and systems. The
// table itself is static markup (semantics.ts): its rows stay out of the
// page's JavaScript.
import { defineLoader } from 'vitepress';
import {
  loadMatrix,
  RECORD_FILE,
  SCENARIOS_FILE,
  type Matrix,
} from '../semantics.js';

declare const data: Omit<Matrix, 'rows'>;
export { data };

export default defineLoader({
  watch: [`../../${RECORD_FILE}`, `../../${SCENARIOS_FILE}`],
  load(): Omit<Matrix, 'rows'> {
    const { rows, ...rest } = loadMatrix();
    return rest;
  },
});
