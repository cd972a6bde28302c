// The site as readers and maintainers get it: the build fails on a broken include, dev and preview send
// the cross-origin isolation headers, and in a real browser the page sends exactly the example's files
// to StackBlitz, only when asked, and stands on its own when StackBlitz is out of reach.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersFile, isolationHeaders } from '../.vitepress/headers.js';
import { buildPayload } from '../.vitepress/payload.js';
import { sandboxPath } from '../.vitepress/sandbox-url.js';
import { launchChromium } from '../scripts/browser.js';
import { previewApp } from '../scripts/preview.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A copy of the repository's files (as git sees them) in a temp folder, sharing node_modules. */
function copyOfRepo() {
  const dir = mkdtempSync(path.join(tmpdir(), 'site-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8' },
  )
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file), {
      verbatimSymlinks: true,
    });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}
const build = (dir: string) =>
  spawnSync(path.join(root, 'node_modules/.bin/vitepress'), ['build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

let site: string; // a built copy of the repo
beforeAll(() => {
  site = copyOfRepo();
  const result = build(site);
  if (result.status !== 0)
    throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
}, 120_000);
afterAll(() => rmSync(site, { recursive: true, force: true }));
const dist = () => path.join(site, '.vitepress/dist');

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

  it('fails when a page includes a region that no longer exists', () => {
    const dir = copyOfRepo();
    edit(
      path.join(dir, 'examples/01-basic-pattern/src/app.ts'),
      '// #region app',
      '// #region renamed',
    );
    const result = build(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/region.*app|app\.ts/i);
  }, 60_000);

  it('fails when a page includes a file that no longer exists', () => {
    const dir = copyOfRepo();
    rmSync(path.join(dir, 'examples/01-basic-pattern/src/notify.ts'));
    const result = build(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/notify\.ts/);
  }, 60_000);
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

/** The files of a StackBlitz form post (`project[files][path]` fields), line breaks as the repo has them. */
function postedFiles(req: Request) {
  const form = new URLSearchParams(req.postData() ?? '');
  const files: Record<string, string> = {};
  for (const [key, value] of form) {
    const file = /^project\[files\]\[(.+)\]$/.exec(key)?.[1];
    if (file)
      files[file.replace(/%5B/g, '[').replace(/%5D/g, ']')] = value.replace(
        /\r\n/g,
        '\n',
      ); // a form post sends CRLF
  }
  return { files, template: form.get('project[template]') };
}

describe('in a browser', () => {
  let browser: Browser;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = previewApp(dist()).listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  /** A page whose requests to StackBlitz are recorded and answered by a stub (there is no network here). */
  async function open(pathname: string, { isolated = true } = {}) {
    const context = await browser.newContext();
    const stackblitz: Request[] = [];
    await context.route(
      /^https:\/\/([\w-]+\.)?stackblitz\.(com|io)\//,
      (route) => {
        stackblitz.push(route.request());
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<!doctype html><title>stub</title>',
        });
      },
    );
    if (!isolated) {
      await context.route(`${base}/**`, async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        for (const name of Object.keys(isolationHeaders))
          delete headers[name.toLowerCase()];
        return route.fulfill({ response, headers });
      });
    }
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${base}${pathname}`);
    return { page, stackblitz };
  }
  const axeViolations = async (page: Page) => {
    await page.addScriptTag({
      content: readFileSync(
        path.join(root, 'node_modules/axe-core/axe.min.js'),
        'utf8',
      ),
    });
    return page.evaluate(async () => {
      const result = await (
        globalThis as unknown as {
          axe: {
            run: () => Promise<{
              violations: Array<{ id: string; nodes: unknown[] }>;
            }>;
          };
        }
      ).axe.run();
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
  };

  it('shows the page, its included code and its claims with nothing loaded from StackBlitz', async () => {
    const { page, stackblitz } = await open('/01-basic-pattern');
    expect(await page.evaluate<boolean>('window.crossOriginIsolated')).toBe(
      true,
    );
    await expect(page.locator('h1').textContent()).resolves.toContain(
      'Basic pattern',
    );
    await expect(page.locator('.vp-doc').textContent()).resolves.toContain(
      'res.locals.backgroundTasks.add(notify',
    );
    expect(
      await page.getByRole('button', { name: 'Run live' }).isVisible(),
    ).toBe(true);
    await page.screenshot({
      path: path.join(tmpdir(), 'site-01.png'),
      fullPage: false,
    });
    expect(stackblitz).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('Run live posts exactly the example’s files as a node project and titles the iframe', async () => {
    const { page, stackblitz } = await open('/01-basic-pattern');
    await page.getByRole('button', { name: 'Run live' }).click();
    await expect.poll(() => stackblitz.length).toBe(1);
    const posted = postedFiles(stackblitz[0]!);
    expect(stackblitz[0]!.method()).toBe('POST');
    expect(stackblitz[0]!.url()).toContain('corp=1'); // crossOriginIsolated: true
    expect(posted.template).toBe('node');
    expect(posted.files).toEqual(
      (await buildPayload('01-basic-pattern')).files,
    );
    expect(
      await page.locator('.live-example iframe').getAttribute('title'),
    ).toBe('Live sandbox: example 01-basic-pattern');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('says what to do instead when the sandbox never connects', async () => {
    const { page } = await open('/02-use-case');
    await page.getByRole('button', { name: 'Run live' }).click();
    await expect
      .poll(() => page.locator('.live-example iframe').count())
      .toBe(1);
    await page.clock.runFor(5 * 60_000); // past the SDK's connection attempts
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('did not connect');
    expect(
      await page.getByRole('button', { name: 'Run live' }).isEnabled(),
    ).toBe(true);
    expect(await page.locator('.live-example iframe').count()).toBe(0); // no dead frame left behind
    await page.context().close();
  }, 60_000);

  it('on a host without isolation headers, explains it instead of embedding a broken sandbox', async () => {
    const { page, stackblitz } = await open('/03-testing', { isolated: false });
    expect(await page.evaluate<boolean>('window.crossOriginIsolated')).toBe(
      false,
    );
    await page.getByRole('button', { name: 'Run live' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('not cross-origin isolated');
    expect(await page.locator('.live-example iframe').count()).toBe(0);
    expect(stackblitz).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('Open in StackBlitz posts the same files to a new tab', async () => {
    const { page, stackblitz } = await open('/05-sync-async');
    const tab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: /Open in StackBlitz/ }).click();
    await tab;
    await expect.poll(() => stackblitz.length).toBe(1);
    expect(postedFiles(stackblitz[0]!).files).toEqual(
      (await buildPayload('05-sync-async')).files,
    );
    await page.context().close();
  }, 60_000);

  it.each([
    '/',
    '/01-basic-pattern',
    '/02-use-case',
    '/03-testing',
    '/04-failure',
    '/05-sync-async',
    '/mechanism',
  ])(
    '%s has no axe violations',
    async (pathname) => {
      const { page } = await open(pathname);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    },
    60_000,
  );
});
