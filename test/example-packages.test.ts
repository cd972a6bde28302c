// Each example is a standalone project with its own package.json and
// tsconfig.json (the sandbox gets the example alone), so those files repeat
// facts the root holds. This keeps every copy equal to the root's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesDir, listExamples } from '../.vitepress/examples.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const rootPkg = json(path.join(root, 'package.json'));
const examples = await listExamples();
const pkg = (name: string) =>
  json(path.join(examplesDir, name, 'package.json'));

describe('example packages', () => {
  it.each(examples)(
    '%s: every dependency has the root package.json’s version, and the same engines',
    (name) => {
      const { dependencies = {}, devDependencies = {}, engines } = pkg(name);
      const pinned = { ...rootPkg.dependencies, ...rootPkg.devDependencies };
      const own: Record<string, string> = {
        ...dependencies,
        ...devDependencies,
      };
      const differ = Object.entries(own)
        .filter(([dep, version]) => pinned[dep] !== version)
        .map(([dep, version]) => `${dep}: ${version}, root ${pinned[dep]}`);
      expect(differ).toEqual([]);
      expect(engines).toEqual(rootPkg.engines);
    },
  );

  it.each(examples)(
    '%s: has the scripts the test runner and the sandbox call',
    (name) => {
      const { scripts, stackblitz } = pkg(name);
      expect(Object.keys(scripts)).toEqual(
        expect.arrayContaining(['start', 'test', 'typecheck']),
      );
      expect(stackblitz).toEqual({ startCommand: 'npm start' });
    },
  );

  it('every example holds vite to the same version, inside vitest’s range, with the reason beside it', () => {
    const [first, ...others] = examples.map(pkg);
    for (const other of others) {
      expect(other.overrides).toEqual(first.overrides);
      expect(other['//']).toEqual(first['//']);
    }
    const vite: string = first.overrides.vite;
    expect(vite).toMatch(/^7\.\d+\.\d+$/);
    const vitest = json(path.join(root, 'node_modules/vitest/package.json'));
    expect(vitest.peerDependencies.vite.split(' || ')).toContain('^7.0.0');
    expect(first['//']).toMatch(/^overrides: vite stays at 7\./);
  });

  it.each(examples)(
    '%s: tsconfig.json has the compiler options of tsconfig.base.json',
    (name) => {
      const base = json(path.join(root, 'tsconfig.base.json'));
      const own = json(path.join(examplesDir, name, 'tsconfig.json'));
      expect(own).toEqual({ ...base, include: ['src', 'test'] });
    },
  );
});
