// npm test's typecheck part: the root's own `npm run typecheck`, one
// `vue-tsc -b --incremental` over the root's tsconfig (lib/, test/, scripts/
// and every example's src/ and test/, whose tsconfigs have the root's options:
// test/example-packages.test.ts checks) and .vitepress/'s: one process that
// reads the declarations all use (Node's, Express's, Vitest's) once, ≈ 18
// CPU-s from scratch. --incremental: each program's *.tsbuildinfo (ignored by
// git) records the files it checked and the errors it found, so the next run
// checks only what changed since, and reports the errors of what did not
// (≈ 1 CPU-s when nothing changed; a type error planted in test/ or in a .vue
// file fails every run until it is mended). Each example's own `npm run
// typecheck` runs in test/payload.test.ts (npm run test:all), in its
// standalone copy with only its own lockfile's packages installed, as a
// reader's clone or sandbox has them: that one also fails on a type package
// the example's package.json lacks and the root's node_modules would lend.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('typecheck', () => {
  it('the site, its tests and scripts, and every example type-check', async () => {
    expect(await run('npm', ['run', '--silent', 'typecheck'], root)).toEqual({
      code: 0,
      output: '',
    });
  });
});
