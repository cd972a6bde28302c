// The built site (test/built-site.ts) in a real browser (Chromium, see scripts/browser.ts): the
// page sends exactly the example's files to StackBlitz, only when asked, and stands on its own
// when StackBlitz is out of reach. Every page (the list comes from docs/*.md) is checked at
// 1280 px in light mode and at 390 px in dark mode: no code block or table scrolls sideways,
// nothing shifts as it loads, axe finds nothing, and each example page draws its recorded run as
// a timeline with a text alternative.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import express, { type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExamples } from '../.vitepress/examples.js';
import { isolationHeaders } from '../.vitepress/headers.js';
import { repositoryUrl } from '../.vitepress/package-info.js';
import { listPages } from '../.vitepress/pages.js';
import { buildPayload } from '../.vitepress/payload.js';
import {
  type SandboxRecord,
  verifiedLine,
} from '../.vitepress/sandbox-record.js';
import { launchChromium } from '../scripts/browser.js';
import { previewApp } from '../scripts/preview.js';
import { logsDir, type RecordedRun } from '../.vitepress/recorded-run.js';
import { builtDist as dist, root } from './built-site.js';

const pages = await listPages();
const examples = await listExamples();

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

/** Records every layout shift from the first paint on (window.__shifts), with its time and whether
 * input caused it. */
const recordShifts = `
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      window.__shifts.push({ value: e.value, at: e.startTime, input: e.hadRecentInput });
  }).observe({ type: 'layout-shift', buffered: true });
`;
/** Sets window.__painted once the page's largest text or image is on screen (text in a font still
 * loading is not painted until the fallback shows). */
const recordTextPaint = `
  new PerformanceObserver(() => (window.__painted = true)).observe({
    type: 'largest-contentful-paint',
    buffered: true,
  });
`;
type Shift = { value: number; at: number; input: boolean };
/** Layout shift summed as CLS sums it (input-caused shifts left out), optionally only after `since`. */
const shifts = async (page: Page, { since = 0, withInput = false } = {}) =>
  (await page.evaluate<Shift[]>('window.__shifts'))
    .filter((s) => s.at > since && (withInput || !s.input))
    .reduce((sum, s) => sum + s.value, 0);

/** Browser code: a Range over characters start to end of an element's text, across its text nodes. */
const rangeIn = `const rangeIn = (el, start, end) => {
  const range = document.createRange();
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let at = 0;
  for (let node; (node = walker.nextNode()); at += node.data.length) {
    if (start >= at && start <= at + node.data.length) range.setStart(node, start - at);
    if (end >= at && end <= at + node.data.length) { range.setEnd(node, end - at); break; }
  }
  return range;
};`;

/** The preview app, except that a page requested with the header `x-hold-rest: <id>` comes in two
 * halves, the second once `release(id)` is called: as a slow network delivers a long page, whose
 * browser paints what it has parsed before the rest arrives. */
function previewHoldingRest() {
  /** What sends each held page's second half. Set before its first half is written, so before
   * the browser can paint it; a page not held has none. */
  const held = new Map<string, () => void>();
  const app = express();
  app.use((req, res, next) => {
    const id = req.get('x-hold-rest');
    if (!id) return next();
    delete req.headers['accept-encoding']; // halves of the page's text, not of a gzip stream
    const parts: Buffer[] = [];
    const write = res.write.bind(res) as (chunk: Buffer) => boolean;
    const end = res.end.bind(res) as (chunk: Buffer) => Response;
    // express.static writes the file, then ends: the body is whole by end().
    res.write = ((chunk: Buffer) =>
      parts.push(Buffer.from(chunk)) > 0) as Response['write'];
    res.end = ((chunk?: Buffer) => {
      if (chunk) parts.push(Buffer.from(chunk));
      const body = Buffer.concat(parts);
      // The cut: halfway through the app's markup. A page rendered in the browser (the 404 page)
      // has none, and comes whole: its first half would paint nothing.
      const app = body.indexOf('<div id="app">');
      if (app < 0 || body.indexOf('<div id="app"></div>') === app)
        return end(body);
      const cut = (app + body.lastIndexOf('</body>')) >> 1;
      held.set(id, () => end(body.subarray(cut)));
      write(body.subarray(0, cut));
      return res;
    }) as Response['end'];
    next();
  });
  app.use(previewApp(dist()));
  const release = (id: string) => {
    held.get(id)?.();
    held.delete(id);
  };
  return { app, release };
}

describe('in a browser', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let preview: ReturnType<typeof previewHoldingRest>;

  beforeAll(async () => {
    preview = previewHoldingRest();
    server = preview.app.listen(0);
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  /** What the StackBlitz editor frame answers the SDK's handshake with (@stackblitz/sdk's
   * Connection: SDK_INIT, then SDK_INIT_SUCCESS with a MessagePort): all the SDK ever learns. */
  const handshake = `<script>addEventListener('message', (e) => {
    if (e.data?.action !== 'SDK_INIT') return;
    const channel = new MessageChannel();
    parent.postMessage({ action: 'SDK_INIT_SUCCESS', id: e.data.id, payload: {} }, '*', [channel.port2]);
  });</script>`;
  let opened = 0; // pages opened so far: each held page's id
  /** A page whose requests to StackBlitz are recorded and answered by a stub (there is no network here). */
  async function open(
    pathname: string,
    {
      isolated = true,
      width = 1280,
      height = 900,
      scheme = 'light' as 'light' | 'dark',
      answers = false,
    } = {},
  ) {
    const context = await browser.newContext({
      viewport: { width, height },
      colorScheme: scheme,
    });
    const stackblitz: Request[] = [];
    await context.route(
      /^https:\/\/([\w-]+\.)?stackblitz\.(com|io)\//,
      (route) => {
        stackblitz.push(route.request());
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          // As StackBlitz's own frame must: a cross-origin isolated page embeds only a
          // document that opts in (COEP), and only from an origin that allows it (CORP).
          headers: {
            'Cross-Origin-Embedder-Policy': 'credentialless',
            'Cross-Origin-Resource-Policy': 'cross-origin',
          },
          body: `<!doctype html><title>stub</title>${answers ? handshake : ''}`,
        });
      },
    );
    if (!isolated) {
      await context.route(`${base}/**`, async (route) => {
        // A prefetch still in flight when its test closes the context fails
        // here: that request has no one left to answer.
        const response = await route.fetch().catch(() => undefined);
        if (!response) return route.abort().catch(() => {});
        const headers = { ...response.headers() };
        for (const name of Object.keys(isolationHeaders))
          delete headers[name.toLowerCase()];
        return route.fulfill({ response, headers });
      });
    }
    // The web font (Inter) is held back until the page has painted its text, as a slow network would
    // hold it: whatever it does when it lands, it does in every run, not only on a loaded machine.
    let releaseFont!: () => void;
    const fontHeld = new Promise<void>((resolve) => (releaseFont = resolve));
    await context.route(
      /\/assets\/inter-[\w-]+\.[\w-]+\.woff2$/,
      async (route) => {
        await fontHeld;
        await route.fallback();
      },
    );
    // So is the second half of the page itself: the browser paints the first half, and whatever
    // moves when the rest is parsed moves in every run (a long table did, on a loaded machine only).
    // Not on the host without isolation headers: its route reads each response whole.
    const held = `${pathname}:${++opened}`;
    if (isolated)
      await context.route(
        `${base}${pathname}`,
        (route) =>
          route.fallback({
            headers: { ...route.request().headers(), 'x-hold-rest': held },
          }),
        { times: 1 },
      );
    const page = await context.newPage();
    await page.addInitScript(recordShifts + recordTextPaint);
    await page.clock.install();
    await page.goto(`${base}${pathname}`, { waitUntil: 'commit' });
    await page.waitForFunction('window.__painted');
    preview.release(held);
    releaseFont();
    await page.waitForLoadState('load');
    await page.evaluate('document.fonts.ready');
    return { page, stackblitz };
  }
  /** How many tests read a page as `open(pathname)` leaves it (1280 px, light mode) and change
   * nothing the others read: each page's own check (it opens the `<details>`; the timeline test
   * counts the rows of the table inside, open or not), an example page's timeline and its sandbox
   * box, and on page 1 what shows with nothing loaded from StackBlitz. */
  const readers = (pathname: string) =>
    1 +
    (examples.includes(pathname.slice(1)) ? 2 : 0) +
    (pathname === '/01-basic-pattern' ? 1 : 0);
  const shared = new Map<
    string,
    { opened: ReturnType<typeof open>; left: number }
  >();
  /** `open(pathname)`, loaded once for all its readers instead of once each: `done()` closes it after
   * the last. (A failed test leaves it open; afterAll closes the browser.) */
  async function openShared(pathname: string) {
    let entry = shared.get(pathname);
    if (!entry)
      shared.set(
        pathname,
        (entry = { opened: open(pathname), left: readers(pathname) }),
      );
    const opened = await entry.opened;
    const done = async () => {
      if (--entry.left === 0) await opened.page.context().close();
    };
    return { ...opened, done };
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
  /** Whatever scrolls sideways: the page itself, a code block, a table. */
  const sidewaysScrollers = (page: Page) =>
    page.evaluate<string[]>(`(() => {
      const found = [];
      if (document.documentElement.scrollWidth > innerWidth) found.push('the page');
      for (const el of document.querySelectorAll(
        '.vp-doc div[class*="language-"], .vp-doc pre, .vp-doc table, .vp-doc .table-frame',
      ))
        if (el.scrollWidth > el.clientWidth)
          found.push(el.tagName + ': ' + el.textContent.trim().slice(0, 50));
      return found;
    })()`);
  /** Code lines (not the recorded logs) that take more than one line on screen. */
  const wrappedCodeLines = (page: Page) =>
    page.evaluate<string[]>(`[
      ...document.querySelectorAll(
        '.vp-doc div[class*="language-"] pre:not(.timing-log) .line',
      ),
    ]
      .filter((line) => line.getBoundingClientRect().height >
        1.5 * parseFloat(getComputedStyle(line).lineHeight))
      .map((line) => line.textContent)`);
  /** Tokens a reader reads as one (a UUID or an e-mail address in code; from 640 px on, each word of
   * inline code in a table, such as an error code) drawn across two lines: the rows their
   * characters' boxes sit on. */
  const splitTokens = (page: Page) =>
    page.evaluate<string[]>(`(() => {
      ${rangeIn}
      const rows = (range) => new Set([...range.getClientRects()]
        .filter((r) => r.width > 0).map((r) => Math.round(r.bottom))).size;
      const found = [];
      const check = (el, pattern) => {
        for (const m of el.textContent.matchAll(pattern))
          if (rows(rangeIn(el, m.index, m.index + m[0].length)) > 1) found.push(m[0]);
      };
      for (const line of document.querySelectorAll('.vp-doc pre .line'))
        check(line, /[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+/g);
      if (innerWidth >= 640)
        for (const code of document.querySelectorAll('.vp-doc :is(td, th) code'))
          check(code, /[\\w./=-]+/g);
      return found;
    })()`);
  /** Indented code lines whose code does not start on the line's first row, its indent's width in
   * (a row of only indent above it, or the indent lost). */
  const misplacedLines = (page: Page) =>
    page.evaluate<string[]>(`(() => {
      ${rangeIn}
      const first = (range) => [...range.getClientRects()].find((r) => r.width > 0);
      return [...document.querySelectorAll('.vp-doc div[class*="language-"] .line')]
        .filter((line) => {
          const text = line.textContent;
          const indent = /^ +(?=\\S)/.exec(text)?.[0].length;
          if (!indent) return false;
          const row = first(rangeIn(line, 0, text.length));
          const code = first(rangeIn(line, indent, text.length));
          const column = first(rangeIn(line, indent, indent + 1)).width; // a monospace font
          return code.bottom > row.bottom || Math.abs(code.left - row.left - indent * column) > 1;
        })
        .map((line) => line.textContent.trim());
    })()`);
  /** Whether the site title in the nav bar is cut off (VitePress ends it with "…" when it is). */
  const titleCutOff = (page: Page) =>
    page
      .locator('.VPNavBarTitle .title > span')
      .evaluate((t) => t.scrollWidth > t.clientWidth);
  const inBox = (page: Page) =>
    page.evaluate<boolean>(
      "!!document.activeElement?.closest('.live-example')",
    );

  it('shows the page, its included code and its claims with nothing loaded from StackBlitz', async () => {
    const { page, stackblitz, done } = await openShared('/01-basic-pattern');
    expect(await page.evaluate<boolean>('window.crossOriginIsolated')).toBe(
      true,
    );
    await expect(page.locator('h1').textContent()).resolves.toContain(
      'Basic pattern',
    );
    await expect(page.locator('.vp-doc').textContent()).resolves.toContain(
      'res.backgroundTasks.add(notify',
    );
    expect(
      await page.getByRole('button', { name: 'Run live' }).isVisible(),
    ).toBe(true);
    expect(stackblitz).toEqual([]);
    await done();
  }, 60_000);

  /** The sandbox box's status, as a screen reader hears it. */
  const stageStatus = (page: Page) =>
    page.locator('.live-example__stage').getByRole('status').textContent();
  /** The status once the SDK's pings (every 500 ms, on the page's installed clock) got their answer. */
  const statusOnceAnswered = (page: Page) =>
    expect.poll(async () => {
      await page.clock.runFor(500);
      return stageStatus(page);
    });

  it('Run live posts exactly the example’s files as a node project that runs npm start, says it is connecting and keeps focus in the box', async () => {
    const { page, stackblitz } = await open('/01-basic-pattern');
    await page.getByRole('button', { name: 'Run live' }).click();
    await expect.poll(() => stackblitz.length, { timeout: 15_000 }).toBe(1);
    const posted = postedFiles(stackblitz[0]!);
    expect(stackblitz[0]!.method()).toBe('POST');
    expect(stackblitz[0]!.url()).toContain('corp=1'); // crossOriginIsolated: true
    expect(stackblitz[0]!.url()).toContain('startScript=start');
    expect(posted.template).toBe('node');
    expect(posted.files).toEqual(
      (await buildPayload('01-basic-pattern')).files,
    );
    expect(
      await page.locator('.live-example iframe').getAttribute('title'),
    ).toBe('Live sandbox: example 01-basic-pattern');
    // Until StackBlitz answers, the frame is hidden and the box says what is happening.
    expect(await page.locator('.live-example iframe').isVisible()).toBe(false);
    await expect(stageStatus(page)).resolves.toBe('Connecting to StackBlitz…');
    expect(await inBox(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('says Connected once the editor frame answers, and only what that means: the sandbox installs, then runs npm start', async () => {
    const { page } = await open('/04-failure', { answers: true });
    await page.getByRole('button', { name: 'Run live' }).click();
    await statusOnceAnswered(page).toBe(
      'Connected: the sandbox installs the dependencies, then runs npm start; the timing log appears in the terminal.',
    );
    expect(await page.locator('.live-example iframe').isVisible()).toBe(true);
    await expect(
      page.locator('.live-example__run').textContent(),
    ).resolves.toContain('Connected');
    await page.context().close();
  }, 60_000);

  it('Run its tests posts the same files with npm test as the start script, and says the results appear in the terminal', async () => {
    const { page, stackblitz } = await open('/03-testing', { answers: true });
    await page.getByRole('button', { name: 'Run its tests' }).click();
    await expect.poll(() => stackblitz.length, { timeout: 15_000 }).toBe(1);
    expect(stackblitz[0]!.url()).toContain('startScript=test');
    expect(postedFiles(stackblitz[0]!).files).toEqual(
      (await buildPayload('03-testing')).files,
    );
    await statusOnceAnswered(page).toBe(
      'Connected: the sandbox installs the dependencies, then runs npm test; the test results appear in the terminal.',
    );
    await page.context().close();
  }, 60_000);

  it.each([1280, 390])(
    'at %i px, a sandbox that never connects is retried once, then says so; after the click nothing shifts, no frame is left, and the local commands show whole',
    async (width) => {
      const { page, stackblitz } = await open('/06-graceful-shutdown', {
        width,
      });
      // The box at the top of the screen, what follows it in view.
      await page
        .locator('.live-example')
        .evaluate('(box) => scrollTo(0, box.offsetTop - 80)');
      await page.getByRole('button', { name: 'Run live' }).click();
      await expect.poll(() => stackblitz.length, { timeout: 15_000 }).toBe(1);
      const stage = page.locator('.live-example__stage');
      const reserved = (await stage.boundingBox())!.height;
      const clicked = await page.evaluate<number>('performance.now()');
      expect(await shifts(page)).toBeLessThan(0.01); // on click: CLS as browsers count it
      await page.clock.runFor(15_000); // past the SDK's first attempt (20 pings, 500 ms apart)
      await expect.poll(() => stackblitz.length, { timeout: 15_000 }).toBe(2); // the retry: a second embed
      await expect(stageStatus(page)).resolves.toBe(
        'Did not connect. Trying once more…',
      );
      await page.clock.runFor(15_000); // past the second
      await expect
        .poll(() => stageStatus(page))
        .toBe('Did not connect. StackBlitz may be blocked or offline.');
      expect(stackblitz).toHaveLength(2); // once retried, no more
      expect(await page.locator('.live-example iframe').count()).toBe(0);
      // Any shift after the click counts here, input or not: the retry and the failure moved nothing.
      expect(
        await shifts(page, { since: clicked, withInput: true }),
      ).toBeLessThan(0.01);
      expect((await stage.boundingBox())!.height).toBe(reserved);
      // The note and the local commands, each whole, in a panel that does not scroll; the recorded
      // run is not repeated inside it (it is right below the box).
      const panel = stage.getByRole('region', {
        name: 'Sandbox not available',
      });
      expect(await panel.locator('.live-example__commands').textContent()).toBe(
        'npm ci\ncd examples/06-graceful-shutdown\nnpm start',
      );
      expect(
        await panel.evaluate((el) => {
          const pre = el.querySelector('pre')!;
          return {
            scrolls: el.scrollHeight > el.clientHeight,
            preScrolls: pre.scrollWidth > pre.clientWidth,
            // One inline box per screen line: a command cut in two would have two.
            lines: [...pre.querySelectorAll('code > span')].map(
              (line) => line.getClientRects().length,
            ),
          };
        }),
      ).toEqual({ scrolls: false, preScrolls: false, lines: [1, 1, 1] }); // three commands, none wrapped or cut
      expect(await panel.locator('.run-timeline').count()).toBe(0);
      expect(await inBox(page)).toBe(true);
      expect(
        await page.getByRole('button', { name: 'Run live' }).isEnabled(),
      ).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    },
    60_000,
  );

  it('on a host without isolation headers, explains it instead of embedding a broken sandbox', async () => {
    const { page, stackblitz } = await open('/03-testing', { isolated: false });
    expect(await page.evaluate<boolean>('window.crossOriginIsolated')).toBe(
      false,
    );
    await page.getByRole('button', { name: 'Run live' }).click();
    await expect
      .poll(() => page.locator('.live-example__note').textContent())
      .toContain('not cross-origin isolated');
    expect(await page.locator('.live-example iframe').count()).toBe(0);
    expect(stackblitz).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('Open in StackBlitz posts the same files to a new tab and says it is opening there, not that it opened', async () => {
    const { page, stackblitz } = await open('/05-sync-async');
    const tab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: /Open in StackBlitz/ }).click();
    await tab;
    await expect.poll(() => stackblitz.length, { timeout: 15_000 }).toBe(1);
    expect(postedFiles(stackblitz[0]!).files).toEqual(
      (await buildPayload('05-sync-async')).files,
    );
    await expect(
      page.locator('.live-example__bar').getByRole('status').textContent(),
    ).resolves.toBe(
      'Opening examples/05-sync-async in StackBlitz in a new tab.',
    );
    expect(await page.locator('.live-example__open').textContent()).not.toMatch(
      /Opened/,
    );
    expect(await inBox(page)).toBe(true);
    await page.context().close();
  }, 60_000);

  it('the home page shows where to start: both actions above the fold on a 390 × 844 phone, the timeline right after them, the list of pages in the first screen at 1280 × 900', async () => {
    const { page } = await open('/', {
      width: 390,
      height: 844,
      scheme: 'dark',
    });
    const start = page.getByRole('link', { name: 'Start: the basic pattern' });
    const fastapi = page.getByRole('link', { name: 'Coming from FastAPI' });
    expect(await start.getAttribute('href')).toBe('/01-basic-pattern.html');
    expect(await fastapi.getAttribute('href')).toBe(
      '/01-basic-pattern.html#coming-from-fastapi',
    );
    for (const action of [start, fastapi]) {
      const box = (await action.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
    }
    // Nothing but the hero's words before the timeline.
    expect(
      await page
        .locator('.VPHomeContent > div > div > *')
        .evaluateAll((els) => els.slice(0, 2).map((el) => el.tagName)),
    ).toEqual(['P', 'FIGURE']);
    await page.context().close();

    const wide = (await open('/')).page;
    const rows = wide.locator('.page-list tbody tr');
    expect(await rows.count()).toBe(pages.length - 1);
    const first = (await rows.first().boundingBox())!;
    expect(first.y + first.height).toBeLessThanOrEqual(900);
    // The action's target: a heading on page 1 has that id.
    await wide.goto(`${base}/01-basic-pattern#coming-from-fastapi`);
    expect(
      await wide.locator('h2#coming-from-fastapi').textContent(),
    ).toContain('Coming from FastAPI');
    await wide.context().close();
  }, 60_000);

  it('finds a page with the local search', async () => {
    const { page } = await open('/');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('searchbox').fill('settled');
    await expect
      .poll(() => page.locator('.VPLocalSearchBox .result').count())
      .toBeGreaterThan(0);
    expect(
      await page
        .locator('.VPLocalSearchBox .result')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toContainEqual(expect.stringContaining('/03-testing'));
    await page.context().close();
  }, 60_000);

  it('answers an unknown address with a 404 page that links every page', async () => {
    const { page } = await open('/no-such-page');
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'Page not found',
    );
    const links = await page
      .locator('.not-found table a')
      .evaluateAll((as) =>
        as.map((a) => a.getAttribute('href')!.replace(/\.html$/, '')),
      );
    expect(links).toEqual(pages.filter((p) => p !== '/'));
    await page.context().close();
  }, 60_000);

  describe.concurrent.each(pages)('%s', (pathname) => {
    const name = pathname.slice(1);

    it('at 1280 px in light mode: code fits its 80 columns, no id or error code is split, nothing scrolls sideways or shifts, the title shows whole, axe finds nothing, it links its source', async () => {
      const { page, done } = await openShared(pathname);
      expect(await shifts(page)).toBeLessThan(0.01);
      for (const details of await page.locator('.vp-doc details').all())
        await details.locator('summary').click();
      expect(await sidewaysScrollers(page)).toEqual([]);
      expect(await wrappedCodeLines(page)).toEqual([]);
      expect(await splitTokens(page)).toEqual([]);
      expect(await misplacedLines(page)).toEqual([]);
      expect(await titleCutOff(page)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      expect(
        await page
          .getByRole('link', { name: 'Edit this page' })
          .getAttribute('href'),
      ).toBe(`${repositoryUrl}/edit/main/docs/${name || 'index'}.md`);
      await done();
    }, 60_000);

    it('at 390 px in dark mode: code wraps with no id split and no row of only indent, nothing scrolls sideways or shifts, the title shows whole, axe finds nothing', async () => {
      const { page } = await open(pathname, { width: 390, scheme: 'dark' });
      expect(
        await page.evaluate<boolean>(
          "document.documentElement.classList.contains('dark')",
        ),
      ).toBe(true);
      expect(await shifts(page)).toBeLessThan(0.01);
      for (const details of await page.locator('.vp-doc details').all())
        await details.locator('summary').click();
      expect(await sidewaysScrollers(page)).toEqual([]);
      expect(await splitTokens(page)).toEqual([]);
      expect(await misplacedLines(page)).toEqual([]);
      expect(await titleCutOff(page)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    }, 60_000);

    if (examples.includes(name))
      it('draws the recorded run as a timeline right above its log, with a caption and a table of every span and marked moment', async () => {
        const { page, done } = await openShared(pathname);
        const figure = page.locator('.vp-doc > div > figure.run-timeline');
        expect(await figure.count()).toBe(1);
        expect(
          await figure.evaluate(
            (f) =>
              f.nextElementSibling?.querySelector('pre.timing-log') !== null,
          ),
        ).toBe(true);
        expect(await figure.locator('figcaption').textContent()).toMatch(
          /The response to .+ left after \d+ ms/,
        );
        for (const chart of await figure.locator('.run-timeline__chart').all())
          expect(await chart.getAttribute('aria-label')).toMatch(
            /^Timeline\. .+ left after/,
          );
        const run = JSON.parse(
          readFileSync(path.join(logsDir, `${name}.json`), 'utf8'),
        ) as RecordedRun;
        const spans = run.entries.filter(
          (e) =>
            e.kind === 'request' ||
            e.kind === 'task-start' ||
            e.kind === 'mark',
        ).length;
        // The log's notes and the client's sends ('sent' entries).
        const notes = run.entries.filter(
          (e) =>
            (e.kind === 'note' && !/^--- .+ ---$/.test(e.text)) ||
            e.kind === 'sent',
        ).length;
        // A row for each span and marked moment; each note of the log listed, or shown as the
        // moment the client sent a request.
        const rows = figure.locator('table tbody tr:has(td)');
        expect(await rows.count()).toBe(spans);
        const sends = await rows.filter({ hasText: /sent \d+,/ }).count();
        expect(
          (await figure.locator('.run-timeline__notes li').count()) + sends,
        ).toBe(notes);
        expect(
          await page
            .locator('pre.timing-log .log-summary')
            .last()
            .textContent(),
        ).toBe(run.summary);
        await done();
      }, 60_000);

    if (examples.includes(name))
      it('lists what differs in its sandbox (front matter) and what was verified (docs/data/sandbox.json)', async () => {
        const { page, done } = await openShared(pathname);
        const box = page.locator('.live-example');
        const front = readFileSync(
          path.join(root, 'docs', `${name}.md`),
          'utf8',
        );
        const listed = [
          ...front.split(/^---$/m)[1]!.matchAll(/^ {2}- (.+)$/gm),
        ].map((m) => m[1]!.replaceAll('`', ''));
        expect(listed.length).toBeGreaterThan(0);
        expect(
          await box.locator('.live-example__differs li').allTextContents(),
        ).toEqual(listed);
        const record = JSON.parse(
          readFileSync(path.join(root, 'docs/data/sandbox.json'), 'utf8'),
        ) as SandboxRecord;
        expect(record.examples[name]).toBeDefined();
        expect(await box.locator('.live-example__verified').textContent()).toBe(
          verifiedLine(record.examples[name]!),
        );
        await done();
      }, 60_000);
  });
});
