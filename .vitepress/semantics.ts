// The page "Coming from another framework" draws its matrix from
// docs/data/semantics.json (npm run semantics): this turns the record into
// rows and cells, each cell linking to its scenario in the suite's source,
// and the rows into the table's static markup (`<SemanticsMatrix />` in the
// page's markdown: config.ts writes it in at build time). No Vue component:
// a phone hydrates none of its 300-odd elements (it did: bench:site measured
// the page's blocking time at 353 ms against 222 for the same page bare).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { el, escape } from './html.js';
import { repositoryUrl } from './package-info.js';
import { docsDir } from './pages.js';
import { type Cell, SemanticsResult, type System } from './semantics-result.js';

interface MatrixCell extends Pick<Cell, 'outcome' | 'evidence' | 'same'> {
  system: string;
  /** The system's column heading. */
  label: string;
  skipped?: string;
}

interface MatrixRow {
  id: string;
  title: string;
  how: string;
  /** The scenario's code, at its line. */
  link: string;
  cells: MatrixCell[];
}

export interface Matrix {
  date: string;
  machine: string;
  command: string;
  systems: Array<System & { label: string }>;
  rows: MatrixRow[];
}

export const SCENARIOS_FILE = 'scripts/semantics/scenarios.ts';
export const RECORD_FILE = 'docs/data/semantics.json';

/** The matrix of the record as committed, checked against its schema. */
export function loadMatrix(): Matrix {
  const read = (file: string) =>
    readFileSync(path.join(docsDir, '..', file), 'utf8');
  return buildMatrix(
    SemanticsResult.parse(JSON.parse(read(RECORD_FILE))),
    read(SCENARIOS_FILE),
    repositoryUrl,
  );
}

/** `source` is the suite's text: each scenario links to its `id:` line. */
export function buildMatrix(
  result: SemanticsResult,
  source: string,
  repositoryUrl: string,
): Matrix {
  const lines = source.split('\n');
  const systems = result.systems.map((s) => ({
    ...s,
    label: s.short ?? s.name,
  }));
  return {
    date: result.date.slice(0, 10),
    machine: result.machine,
    command: result.command,
    systems,
    rows: result.scenarios.map((scenario) => {
      const line = lines.findIndex((l) => l.includes(`id: '${scenario.id}'`));
      return {
        ...scenario,
        link: `${repositoryUrl}/blob/main/${SCENARIOS_FILE}#L${line + 1}`,
        cells: systems.map((system) => {
          const cell = result.cells.find(
            (c) => c.system === system.id && c.scenario === scenario.id,
          );
          return {
            system: system.id,
            label: system.label,
            outcome: cell?.outcome ?? (system.skipped ? 'skipped' : 'not run'),
            evidence: cell?.evidence ?? system.skipped ?? '',
            same: cell?.same ?? false,
            ...(system.skipped && { skipped: system.skipped }),
          };
        }),
      };
    }),
  };
}

/** The matrix as a table: one row per scenario, one column per system. A
 * cell links to its scenario's code; its evidence is its title, and shows
 * under the outcome on a phone, where each row becomes a block (class
 * "stack"). Styles: theme/semantics.css. */
export function matrixHtml(matrix: Matrix): string {
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Scenario') +
      matrix.systems
        .map((s) => el('th', { scope: 'col' }, escape(s.label)))
        .join(''),
  );
  const rows = matrix.rows.map((row) =>
    el(
      'tr',
      { id: `scenario-${row.id}` },
      el('th', { scope: 'row' }, escape(row.title)) +
        row.cells
          .map((cell) =>
            el(
              'td',
              {
                'data-label': cell.label,
                class:
                  [cell.same && 'same', cell.skipped && 'skipped']
                    .filter(Boolean)
                    .join(' ') || undefined,
                title: cell.evidence,
              },
              el('a', { href: row.link }, escape(cell.outcome)) +
                el('small', { class: 'evidence' }, escape(cell.evidence)),
            ),
          )
          .join(''),
    ),
  );
  return el(
    'div',
    { class: 'table-frame semantics-matrix' },
    el(
      'table',
      { class: 'stack' },
      el('thead', {}, head) + el('tbody', {}, rows.join('')),
    ),
  );
}
