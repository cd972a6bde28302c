// docs/data/sandbox.json: what was verified about each example's sandbox, and
// what was not. `npm run sandbox:record` writes it from a full run of
// test/payload.test.ts; a person who ran a sandbox in a live StackBlitz
// session fills in `live` (README, "Check the live sandboxes"). The embed
// shows it in one line (LiveExample.vue). Safe to import in the browser.

/** The steps test/payload.test.ts runs on a standalone payload, in order. */
export const STEPS = ['install', 'typecheck', 'test', 'start'] as const;
export type Step = (typeof STEPS)[number];

/** The start of each step's test name in test/payload.test.ts; the record
 * command reads the step back from the name, so both come from here. */
export const STEP_TITLES: Record<Step, string> = {
  install: 'installs standalone from its own lockfile',
  typecheck: 'type-checks standalone',
  test: 'passes its own tests standalone',
  start: 'runs its startCommand standalone',
};
/** How a step's test name ends: the Node it ran on. */
export const onNode = (version: string) => `on Node ${version}`;

interface SandboxCheck {
  /** YYYY-MM-DD */
  date: string;
  /** The commit whose files were checked (short sha). */
  commit: string;
  /** Node version (without "v") -> the steps that passed on it. */
  nodes: Record<string, Step[]>;
}

interface LiveCheck {
  date: string;
  commit: string;
  /** e.g. "Chromium 131 on macOS" */
  browser: string;
  /** What the person saw, in a sentence: "the log matched the page", or what differed. */
  result: string;
}

export interface SandboxRecord {
  /** The command that regenerates `standalone`. */
  command: string;
  examples: Record<
    string,
    {
      /** The payload installed, checked and run here, outside any sandbox. */
      standalone: SandboxCheck;
      /** The last run in a real StackBlitz session; null: never. */
      live: LiveCheck | null;
    }
  >;
}

/** "22.22.3" -> "22.22" */
const minor = (version: string) => version.split('.').slice(0, 2).join('.');

/** The one line the embed shows: "Verified here on the payload as the sandbox gets it (DATE,
 * COMMIT): Node 22.22 installed, type-checked, tested, started; Node 20.20 installed, started.
 * Not yet checked in a live StackBlitz session." */
export function verifiedLine(entry: SandboxRecord['examples'][string]) {
  const { standalone, live } = entry;
  const nodes = Object.entries(standalone.nodes)
    .sort(([a], [b]) => Number(b.split('.')[0]) - Number(a.split('.')[0]))
    .map(
      ([version, steps]) =>
        `Node ${minor(version)} ${steps.map((s) => STEP_WORDS[s]).join(', ')}`,
    );
  const here = nodes.length
    ? `Verified here on the payload as the sandbox gets it (${standalone.date}, ${standalone.commit}): ${nodes.join('; ')}.`
    : 'Not verified here yet.';
  const there = live
    ? `Last checked in a live StackBlitz session on ${live.date} (${live.commit}, ${live.browser}): ${live.result}.`
    : 'Not yet checked in a live StackBlitz session.';
  return `${here} ${there}`;
}
const STEP_WORDS: Record<Step, string> = {
  install: 'installed',
  typecheck: 'type-checked',
  test: 'tested',
  start: 'started',
};
