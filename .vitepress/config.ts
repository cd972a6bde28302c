import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type HeadConfig, type Plugin } from 'vitepress';
import { headersFile, isolationHeaders } from './headers.js';
import { codeLines, inlineCode } from './code-lines.js';
import { EXAMPLE_NAME, listExamples } from './examples.js';
import { description, repositoryUrl } from './package-info.js';
import { docsDir, listPages, pageTitle } from './pages.js';
import { buildPayload } from './payload.js';
import { SANDBOX_DIR, sandboxPath } from './sandbox-url.js';
import { benchChartHtml } from './bench-chart-html.js';
import { loadMatrix, matrixHtml } from './semantics.js';
import { BENCH_FILE, readBenchView } from './theme/bench.data.js';
import { timelineHtml } from './timeline-html.js';

/** In dev: isolation headers on every response, and each sandbox payload. */
function sandboxDevServer(): Plugin {
  return {
    name: 'sandbox-dev-server',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        for (const [name, value] of Object.entries(isolationHeaders))
          res.setHeader(name, value);
        const example = (await listExamples()).find(
          (name) => req.url === sandboxPath(name),
        );
        if (!example) return next();
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(await buildPayload(example)));
      });
    },
  };
}

/** Inter, the theme's font, with `font-display: optional` instead of `swap`: a page shows in the
 * fallback font for good when Inter has not arrived within the first ~100 ms (it is preloaded, so it
 * usually has), instead of re-wrapping every line when it lands (a shift of 0.175 on page 01 with
 * Inter 1.5 s late). Delete when VitePress lets a theme choose the font's display. */
function fontDisplayOptional(): Plugin {
  return {
    name: 'font-display-optional',
    enforce: 'pre',
    transform(code, id) {
      if (!/theme-default\/styles\/fonts\.css($|\?)/.test(id)) return;
      const optional = code.replaceAll(
        'font-display: swap',
        'font-display: optional',
      );
      if (optional === code)
        throw new Error(`${id} no longer says font-display: swap`);
      return optional;
    },
  };
}

/** A sidebar entry per page, titled by its heading: none is left out. The
 * examples' pages form the guide; every other page is reference. */
const examples = await listExamples();
const entries = await Promise.all(
  (await listPages())
    .filter((page) => page !== '/')
    .map(async (link) => {
      const file = path.join(docsDir, `${link.slice(1)}.md`);
      const text = pageTitle(await readFile(file, 'utf8')) ?? link.slice(1);
      return { text, link, example: examples.includes(link.slice(1)) };
    }),
);
const sidebarItems = (example: boolean) =>
  entries
    .filter((e) => e.example === example)
    .map(({ text, link }) => ({ text, link }));

/** `<<< @/logs/NAME.txt`, a recorded run: its page draws the timeline of
 * the same run (docs/logs/NAME.json) right above it, as static markup (timeline-html.ts). */
function recordedLog(src: unknown) {
  if (
    typeof src !== 'string' ||
    path.dirname(src) !== path.join(docsDir, 'logs')
  )
    return undefined;
  const name = path.basename(src, '.txt');
  return src.endsWith('.txt') && EXAMPLE_NAME.test(name) ? name : undefined;
}

/** The components theme/index.ts loads as chunks of their own, each by its root element's class. */
const ASYNC_COMPONENTS = {
  LiveExample: 'live-example',
};

const RUN_TIMELINE = /^<RunTimeline name="([\w-]+)" \/>$/;

export default defineConfig({
  srcDir: 'docs',
  title: 'Background Tasks, runnable',
  description,
  lastUpdated: false,
  head: [
    ['link', { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }],
  ],
  markdown: {
    codeTransformers: [codeLines()],
    config(md) {
      const fence = md.renderer.rules.fence!;
      md.renderer.rules.fence = (tokens, idx, options, env, self) => {
        const html = fence(tokens, idx, options, env, self);
        const log = recordedLog(tokens[idx]!.meta?.src);
        return log
          ? `${timelineHtml(log)}\n${html.replace('class="', 'class="recorded-log ')}`
          : html;
      };
      // Figures as static markup, each a self-closing tag on a line of its own (VitePress parses
      // that as an html_inline token): `<RunTimeline name="NAME" />`, a recorded run's timeline
      // where a page puts it, `<SemanticsMatrix />`, the matrix of docs/data/semantics.json, and
      // `<BenchChart />`, the cost ratios of docs/data/bench.json.
      const htmlInline = md.renderer.rules.html_inline!;
      md.renderer.rules.html_inline = (tokens, idx, options, env, self) => {
        const tag = tokens[idx]!.content;
        const name = RUN_TIMELINE.exec(tag)?.[1];
        if (name) return timelineHtml(name);
        if (tag === '<SemanticsMatrix />') return matrixHtml(loadMatrix());
        if (tag === '<BenchChart />') {
          const { costs, bench } = readBenchView(
            path.join(docsDir, '..', BENCH_FILE),
          );
          return benchChartHtml(costs, bench.config.rounds);
        }
        return htmlInline(tokens, idx, options, env, self);
      };
      // A table too wide for the column scrolls inside its frame, never the page.
      md.renderer.rules.table_open = () => '<div class="table-frame"><table>\n';
      md.renderer.rules.table_close = () => '</table></div>\n';
      // Inline code breaks by where it is (code-lines.ts): the renderer marks the cells it is in.
      const inCell = new WeakSet<object>();
      for (const cell of ['td', 'th']) {
        md.renderer.rules[`${cell}_open`] = (
          tokens,
          idx,
          options,
          env,
          self,
        ) => {
          inCell.add(env);
          return self.renderToken(tokens, idx, options);
        };
        md.renderer.rules[`${cell}_close`] = (
          tokens,
          idx,
          options,
          env,
          self,
        ) => {
          inCell.delete(env);
          return self.renderToken(tokens, idx, options);
        };
      }
      const inline = md.renderer.rules.code_inline!;
      md.renderer.rules.code_inline = (tokens, idx, options, env, self) =>
        inlineCode(inline(tokens, idx, options, env, self), inCell.has(env));
    },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/01-basic-pattern' },
      { text: 'The mechanism', link: '/mechanism' },
    ],
    sidebar: [
      { text: 'Guide', items: sidebarItems(true) },
      { text: 'Reference', items: sidebarItems(false) },
    ],
    outline: [2, 3],
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: repositoryUrl }],
    editLink: {
      pattern: `${repositoryUrl}/edit/main/docs/:path`,
      text: 'Edit this page',
    },
  },
  vite: { plugins: [sandboxDevServer(), fontDisplayOptional()] },
  // A page that shows an async component preloads its chunk with the others, so hydrating it
  // waits for no request of its own.
  // (The context's `assets` lists no chunk: the client build has written them when pages render.)
  async transformHead({ content, siteConfig }) {
    const used = Object.entries(ASYNC_COMPONENTS).filter(([, root]) =>
      new RegExp(`class="[^"]*\\b${root}\\b`).test(content),
    );
    if (!used.length) return [];
    const dir = `${siteConfig.assetsDir}/chunks`;
    const chunks = await readdir(path.join(siteConfig.outDir, dir));
    return used.map(([name]): HeadConfig => {
      const chunk = chunks.find((file) =>
        new RegExp(`^${name}\\.[\\w-]+\\.js$`).test(file),
      );
      if (!chunk) throw new Error(`no chunk ${dir}/${name}.*.js in the build`);
      return [
        'link',
        {
          rel: 'modulepreload',
          href: `${siteConfig.site.base}${dir}/${chunk}`,
        },
      ];
    });
  },
  async buildEnd(site) {
    await mkdir(path.join(site.outDir, SANDBOX_DIR), { recursive: true });
    for (const name of await listExamples()) {
      await writeFile(
        path.join(site.outDir, sandboxPath(name)),
        JSON.stringify(await buildPayload(name)),
      );
    }
    await writeFile(path.join(site.outDir, '_headers'), headersFile);
  },
});
