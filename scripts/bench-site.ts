// npm run bench:site: Lighthouse's performance score for every page of the site, on mobile and on
// desktop, beside a bare VitePress page (the default theme, one short page) built by the same
// vitepress and served by the same server (scripts/preview.ts: gzip and the isolation headers).
// Each figure is the median of RUNS runs (default 3), with the lowest and highest in brackets; the
// runs go in rounds over all pages and the baseline, so the machine's load weighs on each alike.
// Not part of `npm test`: scores depend on the machine and its load.
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse, { desktopConfig } from 'lighthouse';
import { build } from 'vitepress';
import { listPages } from '../.vitepress/pages.js';
import { launchChromium } from './browser.js';
import { previewApp } from './preview.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 3);

/** A VitePress site with nothing of ours: the default theme and one page. */
async function buildBareSite(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bare-vitepress-'));
  mkdirSync(path.join(dir, '.vitepress'));
  writeFileSync(
    path.join(dir, '.vitepress/config.mjs'),
    "export default { title: 'Bare VitePress' };\n",
  );
  writeFileSync(
    path.join(dir, 'index.md'),
    '# A bare page\n\nThe default theme and one paragraph: the baseline.\n',
  );
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  await build(dir);
  return dir;
}

async function serve(dist: string): Promise<{ server: Server; base: string }> {
  const server = previewApp(dist).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function main() {
  await build(root);
  const bare = await buildBareSite();
  const ours = await serve(path.join(root, '.vitepress/dist'));
  const baseline = await serve(path.join(bare, '.vitepress/dist'));
  const port = await freePort();
  const browser = await launchChromium([`--remote-debugging-port=${port}`]);
  try {
    const targets = [
      ['bare VitePress', `${baseline.base}/`],
      ...(await listPages()).map((page) => [page, `${ours.base}${page}`]),
    ] as const;
    /** One performance score (0-100). */
    const score = async (url: string, desktop: boolean) => {
      const result = await lighthouse(
        url,
        { port, logLevel: 'error', onlyCategories: ['performance'] },
        desktop ? desktopConfig : undefined,
      );
      return Math.round(100 * (result?.lhr.categories.performance?.score ?? 0));
    };
    // Rounds, each over every page and the baseline, so that a busy spell on
    // the machine falls on all of them alike.
    const runs = new Map(
      targets.map(([page]) => [
        page,
        { mobile: [] as number[], desktop: [] as number[] },
      ]),
    );
    for (let round = 1; round <= RUNS; round++) {
      console.log(`round ${round} of ${RUNS}`);
      for (const [page, url] of targets) {
        runs.get(page)!.mobile.push(await score(url, false));
        runs.get(page)!.desktop.push(await score(url, true));
      }
    }
    const figure = (xs: number[]) =>
      `${median(xs)} [${Math.min(...xs)}-${Math.max(...xs)}]`;
    console.log(
      `\nLighthouse performance, median of ${RUNS} runs [lowest-highest]`,
    );
    console.table(
      targets.map(([page]) => ({
        page,
        mobile: figure(runs.get(page)!.mobile),
        desktop: figure(runs.get(page)!.desktop),
      })),
    );
  } finally {
    await browser.close();
    ours.server.close();
    baseline.server.close();
    rmSync(bare, { recursive: true, force: true });
  }
}

await main();
