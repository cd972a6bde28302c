// What `npm run build` writes: each example's sandbox payload and the _headers file next to the
// pages, no more JavaScript per page than its budget, and, served by `npm run preview`, the
// cross-origin isolation headers and compression. The build is the `build` project's, made once
// for this file and browser.test.ts (test/built-site.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { listExamples } from '../.vitepress/examples.js';
import { headersFile, isolationHeaders } from '../.vitepress/headers.js';
import { listPages } from '../.vitepress/pages.js';
import { buildPayload } from '../.vitepress/payload.js';
import { sandboxPath } from '../.vitepress/sandbox-url.js';
import { previewApp } from '../scripts/preview.js';
import { logsDir, type RecordedRun } from '../.vitepress/recorded-run.js';
import { buildTimeline } from '../.vitepress/timeline.js';
import { builtDist as dist } from './built-site.js';

const pages = await listPages();
const examples = await listExamples();

describe('build', () => {
  it('writes each example’s sandbox payload and the _headers file next to the pages', async () => {
    expect(
      JSON.parse(
        readFileSync(
          path.join(dist(), sandboxPath('01-basic-pattern')),
          'utf8',
        ),
      ),
    ).toEqual(await buildPayload('01-basic-pattern'));
    expect(readFileSync(path.join(dist(), '_headers'), 'utf8')).toBe(
      headersFile,
    );
    expect(headersFile).toContain(
      'Cross-Origin-Embedder-Policy: credentialless',
    );
  });
});

describe('the JavaScript a page loads', () => {
  /** VitePress's default theme chunk, built from the same config with nothing of ours, was
   * 64 KB (npm run bench:site's bare build, 2026-12-05); ours is 66.3 KiB (67,940 bytes) with
   * LiveExample in a chunk of its own (the semantics matrix and the Performance page's chart were
   * chunks too, before they became static markup). */
  const THEME_CHUNK = 70_000;
  /** Everything a page loads but its own page chunk: the framework, the theme, and on an example
   * page LiveExample's chunk; 192,605 bytes on 2026-12-05. */
  const SHARED = 195_000;
  const scriptsOf = (pathname: string) => {
    const file = pathname === '/' ? 'index.html' : `${pathname.slice(1)}.html`;
    const html = readFileSync(path.join(dist(), file), 'utf8');
    return [
      ...html.matchAll(
        /<script type="module" src="([^"]+)"|<link rel="modulepreload" href="([^"]+)"/g,
      ),
    ].map((m) => (m[1] ?? m[2])!);
  };
  const size = (src: string) => readFileSync(path.join(dist(), src)).length;
  const isPageChunk = (src: string) => /\.md\.[\w-]+\.lean\.js$/.test(src);

  it('stays within budget: the theme chunk every page loads, and all but the page’s own chunk', () => {
    const themes = new Set(
      pages
        .flatMap(scriptsOf)
        .filter((src) => /\/theme\.[\w-]+\.js$/.test(src)),
    );
    expect(themes.size).toBe(1);
    expect(size([...themes][0]!)).toBeLessThanOrEqual(THEME_CHUNK);
    const over = pages
      .map((page) => ({
        page,
        bytes: scriptsOf(page)
          .filter((src) => !isPageChunk(src))
          .reduce((sum, src) => sum + size(src), 0),
      }))
      .filter(({ bytes }) => bytes > SHARED);
    expect(over).toEqual([]);
  });

  it('holds no recorded run in a chunk every page loads: a timeline is markup on its own page', () => {
    const shared = new Set(
      pages.flatMap((page) =>
        scriptsOf(page).filter((src) => !isPageChunk(src)),
      ),
    );
    const js = [...shared].map((src) =>
      readFileSync(path.join(dist(), src), 'utf8'),
    );
    for (const name of examples) {
      const run = JSON.parse(
        readFileSync(path.join(logsDir, `${name}.json`), 'utf8'),
      ) as RecordedRun;
      // the words under its timeline: what the timeline's data would carry
      const { caption } = buildTimeline(run).parts.at(-1)!;
      expect(js.filter((code) => code.includes(caption))).toEqual([]);
      const html = readFileSync(path.join(dist(), `${name}.html`), 'utf8');
      expect(html).toContain('<figure class="run-timeline">');
    }
  });
});

describe('isolation headers', () => {
  it('are sent by npm run preview on pages, assets and the 404 page', async () => {
    const app = previewApp(dist());
    for (const [url, status] of [
      ['/', 200],
      ['/01-basic-pattern', 200],
      [sandboxPath('01-basic-pattern'), 200],
      ['/no-such-page', 404],
    ] as const) {
      const res = await request(app).get(url);
      expect(res.status, url).toBe(status);
      for (const [name, value] of Object.entries(isolationHeaders))
        expect(res.headers[name.toLowerCase()], `${name} on ${url}`).toBe(
          value,
        );
    }
  });
});

describe('npm run preview', () => {
  it('compresses pages, scripts and sandbox payloads, as a real host does', async () => {
    const app = previewApp(dist());
    const script = readdirSync(path.join(dist(), 'assets')).find((f) =>
      f.endsWith('.js'),
    );
    for (const url of [
      '/01-basic-pattern',
      `/assets/${script}`,
      sandboxPath('01-basic-pattern'),
    ]) {
      const res = await request(app).get(url).set('Accept-Encoding', 'gzip');
      expect(res.status, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('gzip');
    }
  });
});
