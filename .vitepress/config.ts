import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vitepress';
import { headersFile, isolationHeaders } from './headers.js';
import { buildPayload, listExamples } from './payload.js';

/** In dev: isolation headers on every response, and each example's sandbox payload at /sandbox/NAME.json. */
function sandboxDevServer(): Plugin {
  return {
    name: 'sandbox-dev-server',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        for (const [name, value] of Object.entries(isolationHeaders)) res.setHeader(name, value);
        const match = /^\/sandbox\/(\d\d-[\w-]+)\.json$/.exec(req.url ?? '');
        if (!match || !(await listExamples()).includes(match[1]!)) return next();
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(await buildPayload(match[1]!)));
      });
    },
  };
}

const sections = [
  ['01-basic-pattern', '1. Basic pattern'],
  ['02-use-case', '2. Keep the use case HTTP-independent'],
  ['03-testing', '3. Testing with supertest'],
  ['04-failure', '4. A failing task is not a 500'],
  ['05-sync-async', '5. Sync and async tasks'],
] as const;

export default defineConfig({
  srcDir: 'docs',
  title: 'Background Tasks, runnable',
  description: 'Run work after the response in Express 5: every example runs, is tested and shows its timing.',
  lastUpdated: false,
  themeConfig: {
    nav: [{ text: 'Guide', link: '/01-basic-pattern' }, { text: 'The mechanism', link: '/mechanism' }],
    sidebar: [
      { text: 'Guide', items: sections.map(([link, text]) => ({ text, link: `/${link}` })) },
      { text: 'Reference', items: [{ text: 'The mechanism', link: '/mechanism' }] },
    ],
    outline: [2, 3],
  },
  vite: { plugins: [sandboxDevServer()] },
  async buildEnd(site) {
    const dir = path.join(site.outDir, 'sandbox');
    await mkdir(dir, { recursive: true });
    for (const name of await listExamples()) {
      await writeFile(path.join(dir, `${name}.json`), JSON.stringify(await buildPayload(name)));
    }
    await writeFile(path.join(site.outDir, '_headers'), headersFile);
  },
});
