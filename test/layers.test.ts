// Every import points down: the site (.vitepress/) reads the shared code in
// lib/ and its own modules, never the scripts or the tests; lib/ reads only
// lib/. A record's shape lives where the site reads it (.vitepress/), and a
// script that writes the record imports it from there.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each relative import in `dir`'s .ts and .vue files, as a path from the
 * repository root, with the file that makes it. */
function importsIn(dir: string) {
  return readdirSync(path.join(root, dir), {
    recursive: true,
    encoding: 'utf8',
  })
    .filter((f) => /\.(ts|vue)$/.test(f) && !f.includes('node_modules'))
    .flatMap((f) => {
      const file = path.join(root, dir, f);
      return [
        ...readFileSync(file, 'utf8').matchAll(
          /(?:from|import\()\s*'(\.\.?\/[^']+)'/g,
        ),
      ].map(([, spec]) => ({
        file: path.relative(root, file),
        target: path.relative(root, path.resolve(path.dirname(file), spec!)),
      }));
    });
}

describe('layers', () => {
  it('.vitepress/ imports from itself and lib/ only, never scripts/ or test/', () => {
    const imports = importsIn('.vitepress');
    expect(imports.length).toBeGreaterThan(0);
    expect(
      imports.filter(({ target }) => !/^(\.vitepress|lib)\//.test(target)),
    ).toEqual([]);
  });

  it('lib/ imports from lib/ only', () => {
    expect(
      importsIn('lib').filter(({ target }) => !target.startsWith('lib/')),
    ).toEqual([]);
  });
});
