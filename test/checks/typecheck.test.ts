// npm test's typecheck part: the root's own `npm run typecheck`, one
// `vue-tsc -b --force` over the root's tsconfig (lib/, test/, scripts/) and
// .vitepress/'s: one process that reads the declarations both programs use
// (Node's, Vitest's, Vite's) once; ≈ 16 CPU-s instead of ≈ 20 for tsc, then
// vue-tsc. --force: a check from scratch every time, whatever *.tsbuildinfo
// an earlier run left. Each example's own
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
