// The page "Coming from another framework" draws its matrix from
// docs/data/semantics.json (npm run semantics): this turns the record into
// rows and cells, each cell linking to its scenario in the suite's source.
import type { Cell, SemanticsResult, System } from './semantics-result.js';

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
