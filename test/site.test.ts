// The site as readers and maintainers get it, outside a browser: the build writes each example's
// sandbox payload and fails on a broken include, a page loads no more JavaScript than its budget,
// and dev and preview send the cross-origin isolation headers (preview compresses, as a host does).
// The same build in a real browser: browser.test.ts.
import { type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { listExamples } from '../.vitepress/examples.js';
import { headersFile, isolationHeaders } from '../.vitepress/headers.js';
import { listPages } from '../.vitepress/pages.js';
import { buildPayload } from '../.vitepress/payload.js';
import { sandboxPath } from '../.vitepress/sandbox-url.js';
import { previewApp } from '../scripts/preview.js';
import { logsDir, type RecordedRun } from '../.vitepress/recorded-run.js';
import { buildTimeline } from '../.vitepress/timeline.js';
import { build, builtSite, copyOfRepo, root } from './built-site.js';

const pages = await listPages();
const examples = await listExamples();
const dist = builtSite();

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

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

  describe('with a broken include', () => {
    /** One build of a copy of the repo with two includes broken: on page 1, a region renamed; on
     * page 2, a file deleted. Its docs/ keeps only the home page and those two pages: the build
     * renders every page for the search index before it stops, so the other pages only cost time
     * (≈ 8.5 CPU-s a failing build with all eleven, ≈ 3.8 with three). Such a copy alone would fail
     * too, on its links to the pages left out (checked after the bundles): the tests below match the
     * build's two errors, each include's, not just a failure. One build for both: it reports every
     * page that failed, with its error (≈ 3.7 CPU-s less than a build each). */
    let broken: SpawnSyncReturns<string>;
    beforeAll(() => {
      const dir = copyOfRepo();
      const docsDir = path.join(dir, 'docs');
      const kept = ['index.md', '01-basic-pattern.md', '02-use-case.md'];
      for (const f of readdirSync(docsDir))
        if (f.endsWith('.md') && !kept.includes(f))
          rmSync(path.join(docsDir, f));
      edit(
        path.join(dir, 'examples/01-basic-pattern/src/app.ts'),
        '// #region app',
        '// #region renamed',
      );
      const deleted = 'examples/02-use-case/src/notify.ts';
      expect(
        readFileSync(path.join(docsDir, '02-use-case.md'), 'utf8'),
      ).toContain(`<<< @/../${deleted}`);
      rmSync(path.join(dir, deleted));
      broken = build(dir);
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('fails when a page includes a region that no longer exists', () => {
      expect(broken.status).not.toBe(0);
      expect(`${broken.stdout}${broken.stderr}`).toMatch(
        /Build failed with \d+ errors?:\s(?:.*\n)*?\[plugin vitepress\] \S+\/docs\/01-basic-pattern\.md\s+Error: Code snippet region "app" not found in \S+\/src\/app\.ts\n/,
      );
    });

    it('fails when a page includes a file that no longer exists', () => {
      expect(broken.status).not.toBe(0);
      expect(`${broken.stdout}${broken.stderr}`).toMatch(
        /Build failed with \d+ errors?:\s(?:.*\n)*?\[plugin vitepress\] \S+\/docs\/02-use-case\.md\s+Error: Code snippet path not found: \S+\/src\/notify\.ts\n/,
      );
    });
  });
});

// What a phone must download, parse and run before a page is interactive: its module scripts and
// module preloads (VitePress preloads every static import of the app and of the page). Bytes as
// built, so the figures do not move with the machine's load, unlike a Lighthouse run.
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
  it('are sent by the dev server on pages, with the sandbox payload served from source', async () => {
    const { createServer } = await import('vitepress');
    const server = await createServer(root, { port: 0 });
    await server.listen();
    try {
      const base = `http://localhost:${(server.httpServer!.address() as AddressInfo).port}`;
      const page = await fetch(`${base}/01-basic-pattern.html`);
      expect(page.status).toBe(200);
      for (const [name, value] of Object.entries(isolationHeaders))
        expect(page.headers.get(name)).toBe(value);
      expect(
        await (await fetch(`${base}${sandboxPath('01-basic-pattern')}`)).json(),
      ).toEqual(await buildPayload('01-basic-pattern'));
    } finally {
      await server.close();
    }
  }, 60_000);

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

  it('are the same in vercel.json as everywhere else', () => {
    const vercel = JSON.parse(
      readFileSync(path.join(root, 'vercel.json'), 'utf8'),
    );
    const sent = Object.fromEntries(
      vercel.headers[0].headers.map((h: { key: string; value: string }) => [
        h.key,
        h.value,
      ]),
    );
    expect(vercel.headers[0].source).toBe('/(.*)');
    expect(sent).toEqual(isolationHeaders);
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
