// npm run sandbox:record: runs test/payload.test.ts with every step on both
// Nodes (PAYLOAD_NODES=all) and writes docs/data/sandbox.json from what
// passed: per example, the Node versions and the steps, with today's date and
// the commit checked. Each example's `live` entry (a person's check in a real
// StackBlitz session, README "Check the live sandboxes") is kept as it was.
// Refuses to run on uncommitted changes to what a payload holds: the commit
// it records must be the files it checked.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listExamples } from '../.vitepress/examples.js';
import {
  STEP_TITLES,
  STEPS,
  type SandboxRecord,
  type Step,
} from '../.vitepress/sandbox-record.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const sandboxRecordFile = path.join(root, 'docs/data/sandbox.json');
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

const dirty = git(
  'status',
  '--porcelain',
  '--',
  'examples',
  'lib',
  'sandbox-node',
);
if (dirty) {
  console.error(
    `commit these first; the record names the commit it checked:\n${dirty}`,
  );
  process.exit(1);
}
const commit = git('rev-parse', '--short', 'HEAD');
const date = new Date().toISOString().slice(0, 10);

const out = mkdtempSync(path.join(tmpdir(), 'sandbox-record-'));
const report = path.join(out, 'report.json');
spawnSync(
  path.join(root, 'node_modules/.bin/vitest'),
  [
    'run',
    'test/payload.test.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PAYLOAD_NODES: 'all' },
  },
);
const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as {
  testResults: Array<{
    assertionResults: Array<{
      ancestorTitles: string[];
      title: string;
      status: string;
    }>;
  }>;
};
rmSync(out, { recursive: true, force: true });

const previous: SandboxRecord | undefined = (() => {
  try {
    return JSON.parse(readFileSync(sandboxRecordFile, 'utf8'));
  } catch {
    return undefined;
  }
})();
const record: SandboxRecord = {
  command: 'npm run sandbox:record',
  examples: {},
};
for (const name of await listExamples()) {
  const nodes: Record<string, Step[]> = {};
  for (const file of testResults)
    for (const t of file.assertionResults) {
      if (
        t.status !== 'passed' ||
        t.ancestorTitles[0] !== `sandbox payload of ${name}`
      )
        continue;
      const step = STEPS.find((s) => t.title.startsWith(STEP_TITLES[s]));
      // The install step names both Nodes: the real npm ci's, then the dry run's.
      const versions = [...t.title.matchAll(/on Node (\d+\.\d+\.\d+)/g)].map(
        (m) => m[1]!,
      );
      if (!step) continue;
      for (const v of versions) (nodes[v] ??= []).push(step);
    }
  for (const v of Object.keys(nodes))
    nodes[v] = STEPS.filter((s) => nodes[v]!.includes(s));
  record.examples[name] = {
    standalone: { date, commit, nodes },
    live: previous?.examples[name]?.live ?? null,
  };
  console.log(
    `${name}: ${Object.entries(nodes)
      .map(([v, s]) => `Node ${v}: ${s.join(', ')}`)
      .join('; ')}`,
  );
}
writeFileSync(sandboxRecordFile, `${JSON.stringify(record, null, 2)}\n`);
console.log(
  `wrote ${path.relative(root, sandboxRecordFile)} (${commit}, ${date})`,
);
