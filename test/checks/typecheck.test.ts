// npm test's typecheck part: the root's own `npm run typecheck` (tsc over
// lib/, test/, scripts/; vue-tsc over .vitepress/) and each example's, the
// same command a reader runs in a clone or a sandbox (test/payload.test.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesDir, listExamples } from '../../.vitepress/examples.js';
import { run } from './run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = await listExamples();

describe('typecheck', () => {
  it.concurrent('the site, its tests and scripts type-check', async () => {
    expect(await run('npm', ['run', '--silent', 'typecheck'], root)).toEqual({
      code: 0,
      output: '',
    });
  });

  it.concurrent.for(examples)(
    '%s type-checks with its own npm run typecheck',
    async (name) => {
      const dir = path.join(examplesDir, name);
      expect(await run('npm', ['run', '--silent', 'typecheck'], dir)).toEqual({
        code: 0,
        output: '',
      });
    },
  );
});
