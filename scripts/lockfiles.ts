// npm run lockfiles: give each example its own package-lock.json, resolved as a standalone project
// (the way StackBlitz and a reader's clone install it), so sandboxes install fast and reproducibly.
// test/payload.test.ts runs `npm ci` against these: a stale lockfile fails it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPayload } from '../.vitepress/payload.js';
import { examplesDir, listExamples } from '../.vitepress/examples.js';

for (const name of process.argv.slice(2).length
  ? process.argv.slice(2)
  : await listExamples()) {
  const dir = mkdtempSync(path.join(tmpdir(), `lock-${name}-`));
  const { files } = await buildPayload(name);
  writeFileSync(path.join(dir, 'package.json'), files['package.json']!);
  const r = spawnSync(
    'npm',
    [
      'install',
      '--package-lock-only',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: dir, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`npm install failed for ${name}`);
  copyFileSync(
    path.join(dir, 'package-lock.json'),
    path.join(examplesDir, name, 'package-lock.json'),
  );
  rmSync(dir, { recursive: true, force: true });
  console.log(`examples/${name}/package-lock.json`);
}
