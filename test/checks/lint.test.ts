// npm test's lint part: `npm run lint` (prettier --check, then knip).
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
