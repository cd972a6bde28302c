// npm test's lint part: `npm run lint` (prettier --check, then knip). Both
// keep a cache in node_modules/.cache: prettier of each file's content, knip
// of each file's imports and exports, so a run after the first reads only the
// files that changed (≈ 11 CPU-s from scratch, ≈ 3 after). A file misformatted
// or an export left unused still fails the next run, cache or not.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('lint', () => {
  it('every file is formatted by prettier, and knip finds no unused file, export or dependency', async () => {
    const { code, output } = await run(
      'npm',
      ['run', '--silent', 'lint'],
      root,
    );
    expect({ code, output: code ? output : '' }).toEqual({
      code: 0,
      output: '',
    });
  });
});
