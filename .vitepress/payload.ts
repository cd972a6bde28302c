// What the page sends to StackBlitz for one example: that example's own
// files, byte for byte, and nothing else. The site (at build and in dev) and
// test/payload.test.ts both call this.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { examplesDir } from './examples.js';

/** A StackBlitz `node` project, as `@stackblitz/sdk` takes it. */
export interface SandboxProject {
  title: string;
  description: string;
  template: 'node';
  files: Record<string, string>;
}

const skippedDirs = new Set(['node_modules', 'dist', 'coverage', '.git']);
/** Secrets, logs, and other package managers' lockfiles never leave the repo. */
const isSkippedFile = (name: string) =>
  name.startsWith('.env') ||
  name.endsWith('.log') ||
  [
    'yarn.lock',
    'pnpm-lock.yaml',
    'bun.lockb',
    'bun.lock',
    'npm-shrinkwrap.json',
  ].includes(name);

/** Every file under `dir`, keyed by its path in the example, links followed. */
async function readTree(
  root: string,
  dir = root,
  files: Record<string, string> = {},
) {
  for (const name of (await readdir(dir)).sort()) {
    const full = path.join(dir, name);
    const info = await stat(full); // follows symlinks: src/lib/* arrive as the files they point to
    if (info.isDirectory()) {
      if (!skippedDirs.has(name)) await readTree(root, full, files);
    } else if (!isSkippedFile(name)) {
      files[path.relative(root, full).split(path.sep).join('/')] =
        await readFile(full, 'utf8');
    }
  }
  return files;
}

export async function buildPayload(name: string): Promise<SandboxProject> {
  const files = await readTree(path.join(examplesDir, name));
  const pkg = JSON.parse(files['package.json'] ?? '{}');
  return {
    title: `Background tasks ${name}`,
    description: pkg.description ?? name,
    template: 'node',
    files,
  };
}
