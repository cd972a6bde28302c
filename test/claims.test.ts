// Keeps pages and tests honest with each other: every test a page names exists, every example test is
// named by its page, each guide page has the parts a reader expects, and code reaches a page only by include.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listExamples } from '../.vitepress/examples.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = path.join(root, 'docs');
const pages = readdirSync(docs).filter((f) => f.endsWith('.md'));
const read = (page: string) => readFileSync(path.join(docs, page), 'utf8');

/** Every example's tests and the mechanism's, as `vitest list --json` finds
 * them: one project (test/list-tests.config.ts says why), listing runs no
 * test, only the files' top levels, all in one module cache. */
const listed = JSON.parse(
  execFileSync(
    path.join(root, 'node_modules/.bin/vitest'),
    [
      'list',
      '--json',
      '--config=test/list-tests.config.ts',
      '--no-isolate',
      '--pool=threads',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  ),
) as Array<{ name: string; file: string }>;
/** Full names ("describe > test") of the tests in files under `dir`. */
const testNames = (dir: string) =>
  listed
    .filter((t) => t.file === dir || t.file.startsWith(dir + path.sep))
    .map((t) => t.name);

/** A test cited on a page: backticked text with " > " between describe and test. */
const citations = (markdown: string) =>
  [...markdown.matchAll(/`([^`\n]+ > [^`\n]+)`/g)].map((m) => m[1]!);
const section = (markdown: string, heading: string) =>
  markdown.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
/** Every `<<< @/file#region` on a page: the code VitePress includes there. */
const includes = (markdown: string) =>
  [...markdown.matchAll(/^<<< @\/(\S+?)(?:#(\S+))?$/gm)].map((m) => ({
    file: m[1]!,
    region: m[2],
  }));
const printWidth: number = JSON.parse(
  readFileSync(path.join(root, '.prettierrc.json'), 'utf8'),
).printWidth;
const regionMarker = /^\s*\/\/\s*#(end)?region\b\s*(.*?)\s*$/;
/** The lines a page shows for a file or region: markers dropped, dedented. */
function includedLines(file: string, region?: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (!region) return lines;
  const marker = (line: string) => regionMarker.exec(line);
  const start = lines.findIndex(
    (l) => marker(l)?.[2] === region && !marker(l)![1],
  );
  const end = lines.findIndex(
    (l, i) => i > start && marker(l)?.[2] === region && marker(l)![1],
  );
  const shown = lines.slice(start + 1, end).filter((l) => !marker(l));
  const indent = Math.min(
    ...shown.filter((l) => l.trim()).map((l) => l.search(/\S/)),
  );
  return shown.map((l) => l.slice(indent));
}
const mechanismTests = testNames(
  path.join(root, 'test/background-tasks.test.ts'),
);
const examples = await listExamples();
const exampleTests = new Map(
  examples.map((example) => [
    example,
    testNames(path.join(root, 'examples', example)),
  ]),
);

describe('pages and tests', () => {
  it('names only tests that exist, in the page’s example or the mechanism’s tests', () => {
    for (const page of pages) {
      const example = /^example: (\S+)$/m.exec(read(page))?.[1];
      if (example)
        expect(
          examples,
          `${page} names an example that does not exist`,
        ).toContain(example);
      const known = new Set([
        ...mechanismTests,
        ...(example ? exampleTests.get(example)! : []),
      ]);
      expect(
        citations(read(page)).filter((name) => !known.has(name)),
        `${page} names tests that do not exist`,
      ).toEqual([]);
    }
  });

  it.each(examples)(
    'has a page for %s that names each of its tests once in "What the tests prove"',
    (example) => {
      const page = `${example}.md`;
      expect(pages).toContain(page);
      const claimed = citations(section(read(page), 'What the tests prove'));
      const tests = exampleTests.get(example)!;
      expect(tests.length).toBeGreaterThan(0);
      expect([...claimed].sort()).toEqual([...tests].sort());
    },
  );

  it('names every mechanism test on some page', () => {
    const cited = new Set(pages.flatMap((page) => citations(read(page))));
    expect(mechanismTests.filter((name) => !cited.has(name))).toEqual([]);
  });

  it.each(examples)(
    'gives the %s page its parts: example, code includes, sandbox, claims, FastAPI notes',
    (example) => {
      const md = read(`${example}.md`);
      expect(md).toMatch(new RegExp(`^example: ${example}$`, 'm'));
      expect(md).toMatch(
        new RegExp(`^<<< @/\\.\\./examples/${example}/src/\\S+#\\S+$`, 'm'),
      );
      expect(md).toContain('<LiveExample />'); // it reads `example:` above
      expect(md).toContain(`<<< @/logs/${example}.txt`); // a real run of npm start, so the page stands without the sandbox
      for (const heading of [
        'The code',
        'Run it',
        'What the tests prove',
        'Coming from FastAPI',
      ])
        expect(md).toMatch(new RegExp(`^## ${heading}$`, 'm'));
      expect(
        citations(section(md, 'Coming from FastAPI')).length,
      ).toBeGreaterThan(0);
    },
  );

  it('includes only code that fits the formatter’s print width', () => {
    const wide = pages.flatMap((page) =>
      includes(read(page))
        .filter(({ file }) => !file.startsWith('logs/')) // logs wrap by CSS
        .flatMap(({ file, region }) =>
          includedLines(path.join(docs, file), region)
            .filter((line) => line.length > printWidth)
            .map((line) => `${page} <<< ${file}#${region ?? ''}: ${line}`),
        ),
    );
    expect(wide).toEqual([]);
  });

  it('never pastes TypeScript or JavaScript into a page: code comes in by include', () => {
    const pasted = pages.filter((page) =>
      /^```(ts|js|typescript|javascript|vue)\b/m.test(read(page)),
    );
    expect(pasted).toEqual([]);
  });
});
