// The site's sources as maintainers keep them, without a build of their own: a page that includes
// a region or a file that no longer exists fails `npm run build`, and the dev server and
// vercel.json send the cross-origin isolation headers. What the build writes, served by preview
// and read in a browser: build.test.ts and browser.test.ts (the `build` project).
import { type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolationHeaders } from '../.vitepress/headers.js';
import { buildPayload } from '../.vitepress/payload.js';
import { sandboxPath } from '../.vitepress/sandbox-url.js';
import { build, copyOfRepo, root } from './built-site.js';

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

describe('build', () => {
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
