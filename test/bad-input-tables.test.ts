// The "Bad input" table of each page whose example uses lib/json-api.ts lists
// exactly the statuses and codes that file answers with, and the body limit
// it enforces. The example's error-contract tests prove each row; the claims
// check makes the page name them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, listExamples } from '../.vitepress/examples.js';
import { BODY_LIMIT_BYTES, errorCodes, LINGER } from '../lib/json-api.js';

const docs = new URL('../docs/', import.meta.url);
const usesJsonApi = (example: string) => {
  const src = path.join(examplesDir, example, 'src');
  return readdirSync(src).some(
    (file) =>
      file.endsWith('.ts') &&
      readFileSync(path.join(src, file), 'utf8').includes('/lib/json-api.js'),
  );
};
const examples = (await listExamples()).filter(usesJsonApi);

/** The page's "## Bad input" section, up to the next heading of its level. */
function badInput(example: string): string {
  const page = readFileSync(new URL(`${example}.md`, docs), 'utf8');
  return page.split(/^## /m).find((s) => s.startsWith('Bad input\n')) ?? '';
}

/** "status code" for each table row: `| what | 413 \`payload_too_large\` |`. */
const rows = (section: string) =>
  [...section.matchAll(/^\|.*\| (\d{3}) `(\w+)` \|$/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );

describe('Bad input tables', () => {
  it('finds the examples that use lib/json-api.ts', () => {
    expect(examples).toContain('01-basic-pattern');
  });

  it.each(examples)(
    '%s: the table lists every status and code of lib/json-api.ts, and no other',
    (example) => {
      const contract = Object.entries(errorCodes).map(([c, s]) => `${s} ${c}`);
      expect(new Set(rows(badInput(example)))).toEqual(new Set(contract));
    },
  );

  it.each(examples)(
    '%s: the section states the body limit the code enforces',
    (example) => {
      const limit = BODY_LIMIT_BYTES.toLocaleString('en-US'); // 102,400
      expect(badInput(example)).toContain(`${limit} bytes`);
    },
  );

  it('page 1 states the bounds of the lingering close after a 413', () => {
    const bounds = `${LINGER.ms / 1000} s and ${LINGER.bytes / 2 ** 20} MiB`;
    expect(badInput('01-basic-pattern')).toContain(`for at most ${bounds}`);
  });
});
