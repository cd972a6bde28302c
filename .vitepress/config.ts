import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitepress';
import { headersFile, isolationHeaders } from './headers.js';
import { breakableInline, codeLines } from './code-lines.js';
import { EXAMPLE_NAME, listExamples } from './examples.js';
import { description, repositoryUrl } from './package-info.js';
import { docsDir, listPages, pageTitle } from './pages.js';
import { buildPayload } from './payload.js';
import { SANDBOX_DIR, sandboxPath } from './sandbox-url.js';

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
 * the same run (docs/logs/NAME.json) right above it. */
function recordedLog(src: unknown) {
  if (
    typeof src !== 'string' ||
    path.dirname(src) !== path.join(docsDir, 'logs')
  )
    return undefined;
  const name = path.basename(src, '.txt');
  return src.endsWith('.txt') && EXAMPLE_NAME.test(name) ? name : undefined;
}

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
          ? `<RunTimeline name="${log}" />\n${html.replace('class="', 'class="recorded-log ')}`
          : html;
      };
      // A table too wide for the column scrolls inside its frame, never the page.
      md.renderer.rules.table_open = () => '<div class="table-frame"><table>\n';
      md.renderer.rules.table_close = () => '</table></div>\n';
      const inline = md.renderer.rules.code_inline!;
      md.renderer.rules.code_inline = (tokens, idx, options, env, self) =>
        inline(tokens, idx, options, env, self).replace(
          /(?<=>)[^<]*(?=<\/code>$)/,
          breakableInline,
        );
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
