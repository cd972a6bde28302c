// The semantics matrix: the two Express rows run here every time (the
// peers run only in `npm run semantics`), the recorded JSON must still say
// what the site's row does now, and the page "Coming from another
// framework" must show the record and type no cell by hand.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer } from 'vitepress';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryUrl } from '../.vitepress/package-info.js';
import {
  buildMatrix,
  matrixHtml,
  SCENARIOS_FILE,
} from '../.vitepress/semantics.js';
import { SemanticsResult, type Cell } from '../.vitepress/semantics-result.js';
import { runSystem, scenarios } from '../scripts/semantics/scenarios.js';
import { expressRows } from '../scripts/semantics/systems.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const recorded = SemanticsResult.parse(
  JSON.parse(read('docs/data/semantics.json')),
);
const PAGE = 'docs/coming-from.md';
const page = read(PAGE);

/** The matrix's markup, as config.ts writes it into the page, from `result`'s cells. */
const renderMatrix = (result: SemanticsResult) =>
  matrixHtml(buildMatrix(result, read(SCENARIOS_FILE), repositoryUrl));

describe('the Express rows of the semantics matrix', () => {
  const runs = new Map<
    string,
    Awaited<ReturnType<typeof runSystem>>['cells']
  >();
  beforeAll(async () => {
    await Promise.all(
      expressRows.map(async (spec) =>
        runs.set(spec.sut.id, (await runSystem(spec.sut)).cells),
      ),
    );
  }, 120_000);

  for (const spec of expressRows) {
    it(`${spec.sut.id} does now what docs/data/semantics.json records, in every scenario`, () => {
      const now = runs.get(spec.sut.id)!;
      expect(now.map((c) => c.scenario)).toEqual(scenarios.map((s) => s.id));
      const was = recorded.cells.filter((c) => c.system === spec.sut.id);
      // On a mismatch, the message shows what the run observed.
      const evidence = now.map((c) => `${c.scenario}: ${c.evidence}`);
      expect(
        Object.fromEntries(now.map((c) => [c.scenario, c.outcome])),
        evidence.join('\n'),
      ).toEqual(Object.fromEntries(was.map((c) => [c.scenario, c.outcome])));
    });
  }
});

describe('the recorded semantics matrix', () => {
  it('has at least 7 systems and 12 scenarios, a cell for each pair with its outcome and versions', () => {
    expect(recorded.systems.length).toBeGreaterThanOrEqual(7);
    expect(recorded.scenarios.length).toBeGreaterThanOrEqual(12);
    for (const system of recorded.systems) {
      expect(system.version).not.toBe('');
      if (system.skipped) continue;
      for (const scenario of recorded.scenarios) {
        const cell = recorded.cells.find(
          (c: Cell) => c.system === system.id && c.scenario === scenario.id,
        );
        expect(cell, `${system.id} × ${scenario.id}`).toBeDefined();
        expect(cell!.outcome).not.toBe('');
        expect(Object.keys(cell!.versions).length).toBeGreaterThan(0);
      }
    }
  });
});

describe('the page "Coming from another framework"', () => {
  let md: Awaited<ReturnType<typeof createMarkdownRenderer>>;
  beforeAll(async () => {
    md = await createMarkdownRenderer(path.join(root, 'docs'));
  });

  it('shows every recorded cell, each linking to its scenario’s code', async () => {
    const html = renderMatrix(recorded);
    expect(html).not.toMatch(/undefined|\[object Object\]/);
    for (const scenario of recorded.scenarios) {
      const line = read(SCENARIOS_FILE)
        .split('\n')
        .findIndex((l) => l.includes(`id: '${scenario.id}'`));
      const link = `${repositoryUrl}/blob/main/${SCENARIOS_FILE}#L${line + 1}`;
      const row = new RegExp(
        `<tr id="scenario-${scenario.id}"[\\s\\S]*?</tr>`,
      ).exec(html)![0];
      const cells = [...row.matchAll(/<td[^>]*>[\s\S]*?<\/td>/g)];
      expect(cells).toHaveLength(recorded.systems.length);
      for (const [td] of cells) expect(td).toContain(`href="${link}"`);
      for (const cell of recorded.cells.filter(
        (c) => c.scenario === scenario.id,
      ))
        expect(row).toContain(md.utils.escapeHtml(cell.outcome));
    }
  });

  it('follows the JSON: another outcome recorded, another outcome shown', async () => {
    const other = structuredClone(recorded);
    other.cells[0]!.outcome = 'a made-up outcome';
    other.systems.push({ ...other.systems[0]!, id: 'extra', short: 'Extra' });
    const html = renderMatrix(other);
    expect(html).toContain('a made-up outcome');
    expect(html).toContain('Extra');
  });

  it('types no cell by hand: no table in its text, and the matrix from the data loader', () => {
    const prose = page.replace(/<script setup>[\s\S]*?<\/script>/, '');
    expect(prose).toMatch(/^<SemanticsMatrix \/>$/m); // config.ts writes it in
    expect(page).toContain('semantics.data');
    expect(prose).not.toMatch(/^\|.*\|$/m);
    expect(prose).not.toMatch(/<table/);
  });

  it('is linked from every page’s "Coming from FastAPI" section', () => {
    const pages = listed();
    expect(pages.length).toBeGreaterThan(0);
    for (const file of pages) {
      const section = /## Coming from FastAPI\n([\s\S]*?)(?=\n## |$)/.exec(
        read(`docs/${file}`),
      )?.[1];
      expect(section, file).toContain('(./coming-from)');
    }
  });
});

/** The pages with a "Coming from FastAPI" section. */
const listed = () =>
  readdirSync(path.join(root, 'docs')).filter(
    (file) =>
      file.endsWith('.md') &&
      read(`docs/${file}`).includes('## Coming from FastAPI'),
  );
