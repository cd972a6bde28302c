// npm run bench:site: what our components cost each page on a phone. For every page, Lighthouse's
// mobile performance score of the page as built, divided by the score of a baseline built from the
// same markdown by the same vitepress with nothing of ours: the default theme, its default markdown
// rendering (Shiki's highlighting stays), no custom CSS, no code-line transformer, and the page's
// components (<LiveExample>, <RunTimeline>, <PageList>, <BenchChart>, <SemanticsMatrix>) left out. Both are served by
// the same server (scripts/preview.ts: gzip and the isolation headers). The two runs of a pair
// follow each other, in alternating order, and each ratio is the median of the pairs' ratios, so a
// busy spell on the machine weighs on both sides of a ratio alike. Not part of `npm test`: scores
// depend on the machine and its load (a load average above the core count makes them noise).
//
//   RUNS=3 (pairs per page)   PAGES=/,/07-job-queue (some pages only)
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import { execFileSync } from 'node:child_process';
import { listPages } from '../.vitepress/pages.js';
import { median } from './bench/stats.js';
import { launchChromium } from './browser.js';
import { freePort } from './free-port.js';
import { previewApp } from './preview.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 3);

/** `vitepress build` in its own process: built from this one (run by tsx), a page whose
 * <script setup> calls useData() fails ("vitepress data not properly injected in app"). */
const build = (dir: string) =>
  execFileSync(path.join(root, 'node_modules/.bin/vitepress'), ['build', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });

/** The components of ours a page may use, each as it appears in the markdown. */
const OUR_COMPONENTS =
  /^[ \t]*<(LiveExample|RunTimeline|PageList|BenchChart|SemanticsMatrix)\b[^>]*\/>[ \t]*\n?/gm;

/** The page's markdown without our components (one tag a line, self-closing). */
const bareMarkdown = (markdown: string) => markdown.replace(OUR_COMPONENTS, '');

/** The same pages, built by the same vitepress with nothing of ours. Every file a page includes
 * (examples, logs, data) is reached through symlinks, so `<<<` includes and imports resolve alike. */
export async function buildBareSite(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bare-vitepress-'));
  for (const entry of readdirSync(root))
    if (!['docs', '.vitepress', '.git'].includes(entry))
      symlinkSync(path.join(root, entry), path.join(dir, entry));
  // .vitepress: its modules and the theme's data loaders (a page may import one), not our config
  // or theme: theme/index.ts is the default theme, as is (a theme folder must have one)
  mkdirSync(path.join(dir, '.vitepress/theme'), { recursive: true });
  for (const entry of readdirSync(path.join(root, '.vitepress')))
    if (!['config.ts', 'theme', 'dist', 'cache'].includes(entry))
      symlinkSync(
        path.join(root, '.vitepress', entry),
        path.join(dir, '.vitepress', entry),
      );
  writeFileSync(
    path.join(dir, '.vitepress/theme/index.ts'),
    "export { default } from 'vitepress/theme';\n",
  );
  for (const entry of readdirSync(path.join(root, '.vitepress/theme')))
    if (entry.endsWith('.data.ts'))
      symlinkSync(
        path.join(root, '.vitepress/theme', entry),
        path.join(dir, '.vitepress/theme', entry),
      );
  // Our config's site and theme settings (the same nav, sidebar, outline, search and edit links),
  // none of its markdown rules, transformers or plugins. (Imported by the build, which bundles the
  // config: imported here, vitepress's client data would load twice and the build would fail.)
  writeFileSync(
    path.join(dir, '.vitepress/config.mjs'),
    `import ours from ${JSON.stringify(path.join(root, '.vitepress/config.ts'))};
export default {
  srcDir: 'docs',
  title: ours.title,
  description: ours.description,
  themeConfig: ours.themeConfig,
};
`,
  );
  mkdirSync(path.join(dir, 'docs'));
  for (const entry of readdirSync(path.join(root, 'docs'))) {
    const from = path.join(root, 'docs', entry);
    if (entry.endsWith('.md'))
      writeFileSync(
        path.join(dir, 'docs', entry),
        bareMarkdown(readFileSync(from, 'utf8')),
      );
    else symlinkSync(from, path.join(dir, 'docs', entry));
  }
  build(dir);
  // the built site only: the symlinks are not needed to serve it
  const dist = mkdtempSync(path.join(tmpdir(), 'bare-dist-'));
  cpSync(path.join(dir, '.vitepress/dist'), dist, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  return dist;
}

/** The built site in `dist` on a free port of 127.0.0.1, as the preview server
 * serves it. */
async function previewBuiltSite(
  dist: string,
): Promise<{ server: Server; base: string }> {
  const server = previewApp(dist).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

interface Run {
  score: number;
  /** First and largest contentful paint, total blocking time and the main thread's busy time
   * (ms), the bytes sent over the network, and the DOM's element count. */
  fcp: number;
  lcp: number;
  tbt: number;
  bytes: number;
  /** The scripts' bytes sent over the network: the same in every run of a build. */
  scriptBytes: number;
  mainThread: number;
  elements: number;
}

async function main() {
  const only = process.env.PAGES?.split(',');
  const pages = (await listPages()).filter((p) => !only || only.includes(p));
  build(root);
  const bareDist = await buildBareSite();
  const ours = await previewBuiltSite(path.join(root, '.vitepress/dist'));
  const bare = await previewBuiltSite(bareDist);
  const port = await freePort();
  const browser = await launchChromium([`--remote-debugging-port=${port}`]);
  const load = () => loadavg()[0]!.toFixed(1);
  console.log(`load average ${load()} on ${cpus().length} cores`);
  try {
    /** One mobile run (Lighthouse's default: a mid-range phone, 4x CPU slowdown, slow 4G). */
    const measure = async (url: string): Promise<Run> => {
      const result = await lighthouse(url, {
        port,
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      const lhr = result!.lhr;
      const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
      return {
        score: lhr.categories.performance?.score ?? 0,
        fcp: num('first-contentful-paint'),
        lcp: num('largest-contentful-paint'),
        tbt: num('total-blocking-time'),
        bytes: num('total-byte-weight'),
        scriptBytes:
          (
            lhr.audits['resource-summary']?.details as
              | { items?: { resourceType: string; transferSize: number }[] }
              | undefined
          )?.items?.find((item) => item.resourceType === 'script')
            ?.transferSize ?? NaN,
        mainThread: num('mainthread-work-breakdown'),
        elements: num('dom-size'),
      };
    };
    const runs = new Map(
      pages.map((p) => [p, { ours: [] as Run[], bare: [] as Run[] }]),
    );
    for (let round = 0; round < RUNS; round++) {
      console.log(`round ${round + 1} of ${RUNS} (load ${load()})`);
      for (const page of pages) {
        const pair = runs.get(page)!;
        // ABBA: which side goes first alternates, round by round
        const order =
          (round + pages.indexOf(page)) % 2
            ? ['bare', 'ours']
            : ['ours', 'bare'];
        for (const side of order as ('ours' | 'bare')[])
          pair[side].push(
            await measure(`${(side === 'ours' ? ours : bare).base}${page}`),
          );
      }
    }
    const ratio = (page: string, key: keyof Run) => {
      const { ours, bare } = runs.get(page)!;
      return median(ours.map((o, i) => o[key] / bare[i]![key]));
    };
    console.log(
      `\nMobile Lighthouse, ours / the same markdown bare, median of ${RUNS} pairs (load ${load()} on ${cpus().length} cores at the end)`,
    );
    console.table(
      pages.map((page) => {
        const { ours, bare } = runs.get(page)!;
        return {
          page,
          'score ratio': ratio(page, 'score').toFixed(3),
          ours: median(ours.map((r) => r.score)).toFixed(2),
          bare: median(bare.map((r) => r.score)).toFixed(2),
          'main thread ×': ratio(page, 'mainThread').toFixed(2),
          'LCP ×': ratio(page, 'lcp').toFixed(2),
          'FCP ×': ratio(page, 'fcp').toFixed(2),
          'bytes ×': ratio(page, 'bytes').toFixed(2),
          'JS KB sent (ours / bare)': `${(ours[0]!.scriptBytes / 1024).toFixed(1)} / ${(bare[0]!.scriptBytes / 1024).toFixed(1)}`,
          'TBT ms (ours / bare)': `${median(ours.map((r) => r.tbt)).toFixed(0)} / ${median(bare.map((r) => r.tbt)).toFixed(0)}`,
          'elements (ours / bare)': `${ours[0]!.elements} / ${bare[0]!.elements}`,
        };
      }),
    );
  } finally {
    await browser.close();
    ours.server.close();
    bare.server.close();
    rmSync(bareDist, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
