// npm test's typecheck part: the root's own `npm run typecheck` (tsc over
// lib/, test/, scripts/; vue-tsc over .vitepress/). Each example's own
// `npm run typecheck` runs once, in test/payload.test.ts, in the example's
// standalone copy with only its own lockfile's packages installed, as a
// reader's clone or sandbox has them: it also fails on a type package that
// the example's package.json lacks and the root's node_modules would lend.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('typecheck', () => {
  it('the site, its tests and scripts type-check', async () => {
    expect(await run('npm', ['run', '--silent', 'typecheck'], root)).toEqual({
      code: 0,
      output: '',
    });
  });
});
