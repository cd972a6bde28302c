// npm run bench:site: Lighthouse's performance score for every page of the site, on mobile and on
// desktop, beside a bare VitePress page (the default theme, one short page) built by the same
// vitepress and served by the same server (scripts/preview.ts: gzip and the isolation headers).
// Each figure is the median of RUNS runs (default 3), with the lowest and highest in brackets.
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
    /** Performance scores (0-100) of one URL, RUNS times. */
    async function scores(url: string, desktop: boolean) {
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(
          url,
          { port, logLevel: 'error', onlyCategories: ['performance'] },
          desktop ? desktopConfig : undefined,
        );
        runs.push(
          Math.round(100 * (result?.lhr.categories.performance?.score ?? 0)),
        );
      }
      return `${median(runs)} [${Math.min(...runs)}-${Math.max(...runs)}]`;
    }
    const rows: string[][] = [];
    const targets = [
      ...(await listPages()).map((page) => [page, `${ours.base}${page}`]),
      ['bare VitePress', `${baseline.base}/`],
    ];
    console.log(`Lighthouse performance, median of ${RUNS} [lowest-highest]`);
    for (const [page, url] of targets) {
      const row = [page!, await scores(url!, false), await scores(url!, true)];
      console.log(row.join('  '));
      rows.push(row);
    }
    console.log('');
    console.table(
      rows.map(([page, mobile, desktop]) => ({ page, mobile, desktop })),
    );
  } finally {
    await browser.close();
    ours.server.close();
    baseline.server.close();
    rmSync(bare, { recursive: true, force: true });
  }
}

await main();
