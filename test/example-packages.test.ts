// Each example is a standalone project with its own package.json and
// tsconfig.json (the sandbox gets the example alone), so those files repeat
// facts the root holds. This keeps every copy equal to the root's.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/** Every .ts file under an example's src/ and test/, links included. */
const sourceFiles = (dir: string) =>
  ['src', 'test'].flatMap((top) =>
    readdirSync(path.join(dir, top), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, top, f)),
  );
/** Where a link in an example must point, by the folder it sits in: the
 * runtime in src/lib/, the demo harness in src/lib/demo/, test support
 * (vitest code) in test/lib/. */
const roleOf = (folder: string) =>
  ({ 'src/lib': 'lib', 'src/lib/demo': 'lib/demo', 'test/lib': 'lib/test' })[
    folder
  ];
/** The example's files that are links into the root lib/, relative paths. */
function links(dir: string): string[] {
  return sourceFiles(dir)
    .filter((file) => {
      try {
        return Boolean(readlinkSync(file));
      } catch {
        return false; // not a link
      }
    })
    .map((file) => path.relative(dir, file));
}
/** Every file a relative import in `dir`'s sources names (.js read as .ts),
 * resolved from where the importing file sits in the example. */
function imported(dir: string): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(
      /(?:from|import\()\s*'(\.\.?\/[^']+)'/g,
    ))
      found.add(
        path.relative(
          dir,
          path.resolve(path.dirname(file), spec!.replace(/\.js$/, '.ts')),
        ),
      );
  }
  return found;
}

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
    '%s: links only lib/ files it imports, each in the folder of its role',
    (name) => {
      const dir = path.join(examplesDir, name);
      const linked = links(dir);
      expect(linked).not.toEqual([]); // else the checks below pass on nothing
      const used = imported(dir);
      expect(linked.filter((link) => !used.has(link))).toEqual([]);
      for (const link of linked) {
        const target = path.resolve(
          path.dirname(path.join(dir, link)),
          readlinkSync(path.join(dir, link)),
        );
        expect(path.relative(root, target), link).toBe(
          path.join(roleOf(path.dirname(link)) ?? '?', path.basename(link)),
        );
      }
    },
  );

  it.each(examples)('%s: nothing in src/ imports vitest', (name) => {
    const src = path.join(examplesDir, name, 'src');
    const withVitest = sourceFiles(path.join(examplesDir, name))
      .filter((file) => file.startsWith(src + path.sep))
      .filter((file) =>
        /(?:from|import\(?)\s*'(?:vitest|@vitest\/)/.test(
          readFileSync(file, 'utf8'),
        ),
      );
    expect(withVitest).toEqual([]);
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
