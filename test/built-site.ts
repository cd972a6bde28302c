// The site as `npm run build` writes it, built once for the `build` project (vitest.config.ts):
// this file is that project's globalSetup. It builds a copy of the repository's files (as git sees
// them) in a temp folder, sharing node_modules, and gives the copy's .vitepress/dist to the
// project's test files, `builtDist()`; it removes the copy after them. site.test.ts makes its own
// copies, with this file's `copyOfRepo` and `build`, to break them.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built copy's .vitepress/dist. */
    BUILT_SITE: string;
  }
}

export const root = fileURLToPath(new URL('..', import.meta.url));

/** A copy of the repository's files (as git sees them) in a temp folder, sharing node_modules. */
export function copyOfRepo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'site-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8' },
  )
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file), {
      verbatimSymlinks: true,
    });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** `vitepress build` in `dir`: its exit status and output. */
export const build = (dir: string) =>
  spawnSync(path.join(root, 'node_modules/.bin/vitepress'), ['build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

/** In a test file of the `build` project: the built copy's .vitepress/dist. */
export const builtDist = () => inject('BUILT_SITE');

export default function setup(project: TestProject) {
  const site = copyOfRepo();
  const result = build(site);
  if (result.status !== 0) {
    rmSync(site, { recursive: true, force: true });
    throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  }
  project.provide('BUILT_SITE', path.join(site, '.vitepress/dist'));
  return () => rmSync(site, { recursive: true, force: true });
}
