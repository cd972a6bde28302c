import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitepress';
import { headersFile, isolationHeaders } from './headers.js';
import { listExamples } from './examples.js';
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

/** A sidebar entry per example, titled by its page's heading: none is left out. */
const sections = await Promise.all(
  (await listExamples()).map(async (name) => {
    const page = await readFile(
      new URL(`../docs/${name}.md`, import.meta.url),
      'utf8',
    ); // no page: no build
    return { text: /^# (.+)$/m.exec(page)?.[1] ?? name, link: `/${name}` };
  }),
);

export default defineConfig({
  srcDir: 'docs',
  title: 'Background Tasks, runnable',
  description:
    'Run work after the response in Express 5: every example runs, is tested and shows its timing.',
  lastUpdated: false,
  head: [
    ['link', { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }],
  ],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/01-basic-pattern' },
      { text: 'The mechanism', link: '/mechanism' },
    ],
    sidebar: [
      { text: 'Guide', items: sections },
      {
        text: 'Reference',
        items: [
          { text: 'The mechanism', link: '/mechanism' },
          { text: 'Performance', link: '/performance' },
        ],
      },
    ],
    outline: [2, 3],
  },
  vite: { plugins: [sandboxDevServer()] },
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
