// The shape of docs/data/semantics.json, its one home: `npm run semantics`
// checks what it writes against it, the page's data loader and the tests
// read it through it.
import { z } from 'zod';

const Versions = z.record(z.string(), z.string());

const Scenario = z.object({
  id: z.string(),
  title: z.string(),
  /** What the run does, in one sentence. */
  how: z.string(),
});

export const System = z.object({
  id: z.string(),
  name: z.string(),
  /** The matrix's column heading. */
  short: z.string().optional(),
  /** The after-response mechanism, as the app uses it. */
  mechanism: z.string(),
  /** The framework's version (the one readers look for). */
  version: z.string(),
  /** Every version that took part: framework, server, runtime. */
  versions: Versions,
  /** The app's source, from the repository root. */
  source: z.array(z.string()),
  /** Set when the system could not run here: why. */
  skipped: z.string().optional(),
  /** What the run observed about the mechanism itself. */
  note: z.string().optional(),
});

export const Cell = z.object({
  system: z.string(),
  scenario: z.string(),
  /** A few words: what happened. */
  outcome: z.string(),
  /** Whether that is what the site's row does. */
  same: z.boolean(),
  /** What was observed, with its numbers. */
  evidence: z.string(),
  versions: Versions,
  date: z.string(),
  machine: z.string(),
});

export const SemanticsResult = z.object({
  command: z.string(),
  date: z.string(),
  machine: z.string(),
  systems: z.array(System),
  scenarios: z.array(Scenario),
  cells: z.array(Cell),
});
export type SemanticsResult = z.infer<typeof SemanticsResult>;
export type System = z.infer<typeof System>;
export type Cell = z.infer<typeof Cell>;
