// The README's Scripts table and package.json's scripts name the same
// commands: a script nobody can find is as good as missing
// (`npm run bench:instructions`, which writes the Performance page's main
// figures, had no row), and a row whose script is gone misleads.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(`${root}${file}`, 'utf8');

describe('README', () => {
  it('has a row in its Scripts table for every npm script (npm runs postinstall itself), and none for a script that is gone', () => {
    const scripts = Object.keys(
      (JSON.parse(read('package.json')) as { scripts: object }).scripts,
    ).filter((name) => name !== 'postinstall');
    const rows = [
      ...read('README.md').matchAll(/^\| `npm (?:run )?([\w:-]+)` \|/gm),
    ].map((m) => m[1]);
    expect(rows.sort()).toEqual(scripts.sort());
  });
});
