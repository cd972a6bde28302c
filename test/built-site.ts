// The site as `npm run build` makes it, for the test files that read it: a copy of the repository's
// files (as git sees them) in a temp folder, sharing node_modules, built there. Both site.test.ts
// and browser.test.ts build their own: they are in different projects, and npm test runs only the
// first (vitest.config.ts says why).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

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

/** A copy of the repo built before the calling file's tests and removed after them; the function
 * returned gives its `.vitepress/dist`. */
export function builtSite() {
  let site: string;
  beforeAll(() => {
    site = copyOfRepo();
    const result = build(site);
    if (result.status !== 0)
      throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  }, 120_000);
  afterAll(() => rmSync(site, { recursive: true, force: true }));
  return () => path.join(site, '.vitepress/dist');
}
