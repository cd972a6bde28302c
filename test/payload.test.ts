// The proof that "Open in StackBlitz" works: each example's sandbox payload, built exactly as the page
// builds it, is written to an empty folder, installed from its own lockfile, type-checked, tested and
// started there, with nothing from this repository around it.
import { execFile, execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, listExamples } from '../.vitepress/examples.js';
import { buildPayload, type SandboxProject } from '../.vitepress/payload.js';
import { logShape, logsDir } from '../.vitepress/recorded-run.js';

const exec = promisify(execFile);
// The heaviest install (the largest lockfile) starts first, so the longest
// example does not start last and hold up the whole file.
const lockfileSize = (name: string) =>
  statSync(path.join(examplesDir, name, 'package-lock.json')).size;
const examples = (await listExamples()).sort(
  (a, b) => lockfileSize(b) - lockfileSize(a),
);

/** The example's files as git tracks them, read through their symlinks: what the payload must equal. */
async function trackedFiles(name: string) {
  const dir = path.join(examplesDir, name);
  const listed = execFileSync('git', ['ls-files', '-z', '--', '.'], {
    cwd: dir,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  const files: Record<string, string> = {};
  for (const file of listed.sort())
    files[file] = await readFile(path.join(dir, file), 'utf8');
  return files;
}

// Examples install and run side by side (vitest.config.ts caps how many);
// each example's steps run in order.
describe.concurrent.each(examples)('sandbox payload of %s', (name) => {
  let project: SandboxProject;
  let dir: string;
  const sh = (command: string) =>
    exec('sh', ['-c', command], {
      cwd: dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      maxBuffer: 1 << 24,
    });

  beforeAll(async () => {
    project = await buildPayload(name);
    dir = await mkdtemp(path.join(tmpdir(), `sandbox-${name}-`));
    for (const [file, content] of Object.entries(project.files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.sequential(
    'holds exactly the files git tracks for the example, byte for byte, shared lib files included',
    async () => {
      expect(project.template).toBe('node');
      expect(project.files).toEqual(await trackedFiles(name));
      expect(Object.keys(project.files)).toEqual(
        expect.arrayContaining([
          'package.json',
          'package-lock.json',
          'src/lib/background-tasks.ts',
        ]),
      );
      expect(project.files['src/lib/background-tasks.ts']).toBe(
        await readFile(
          path.join(examplesDir, '../lib/background-tasks.ts'),
          'utf8',
        ),
      );
      expect(
        Object.keys(project.files).filter((f) =>
          /node_modules\/|(^|\/)\.env|yarn\.lock|pnpm-lock/.test(f),
        ),
      ).toEqual([]);
    },
  );

  it.sequential(
    'installs standalone from its own lockfile (npm ci fails on a stale one)',
    async () => {
      await sh('npm ci --no-audit --no-fund');
    },
    240_000,
  );

  it.sequential(
    'type-checks and passes its own tests, standalone',
    async () => {
      await sh('npm run typecheck'); // the example's own scripts, as a reader runs them
      const { stdout } = await sh('npm test');
      // vitest's summary: "Tests  16 passed (16)", with no "N failed |".
      expect(stdout).toMatch(/^\s*Tests\s+\d+ passed \(\d+\)$/m);
    },
    240_000,
  );

  it.sequential(
    'runs its startCommand: the timing log shows the response sent before any task ends, then a summary',
    async () => {
      const startCommand = JSON.parse(project.files['package.json']!).stackblitz
        ?.startCommand;
      expect(startCommand).toBe('npm start');
      const { stdout } = await sh(startCommand); // rejects on a non-zero exit
      const lines = stdout.split('\n').filter((l) => l.startsWith('['));
      const firstResponse = lines.findIndex((l) => / response sent /.test(l));
      const firstTaskStart = lines.findIndex((l) => /task \S+ started/.test(l));
      const firstTaskEnd = lines.findIndex((l) =>
        /task \S+ (finished|failed)/.test(l),
      );
      expect(firstResponse).toBeGreaterThanOrEqual(0);
      expect(firstTaskStart).toBeGreaterThan(firstResponse);
      expect(firstTaskEnd).toBeGreaterThan(firstTaskStart);
      expect(
        lines.filter((l) => /request received/.test(l)).length,
      ).toBeGreaterThan(0);
      const last = stdout.trim().split('\n').at(-1)!;
      expect(last).not.toMatch(/^\[/); // the summary: a line of its own after the timing log
      expect(last.length).toBeGreaterThan(20);
      const recorded = await readFile(
        path.join(logsDir, `${name}.txt`),
        'utf8',
      );
      expect(
        logShape(stdout),
        `docs/logs/${name}.txt no longer matches what npm start prints: npm run record-logs`,
      ).toEqual(logShape(recorded));
    },
    60_000,
  );
});
