// npm run preview: serve the built site (.vitepress/dist) as a real host does: with the cross-origin
// isolation headers that `vitepress preview` does not send, so "Run live" works as it will on the
// deployed site, and compressed (gzip), so `npm run bench:site` weighs what readers download.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express from 'express';
import { isolationHeaders } from '../.vitepress/headers.js';

export function previewApp(
  dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url)),
) {
  const app = express().disable('x-powered-by');
  app.use(compression());
  app.use((_req, res, next) => {
    res.set(isolationHeaders);
    next();
  });
  app.use(express.static(dist, { extensions: ['html'] }));
  app.use((_req, res) =>
    res
      .status(404)
      .sendFile(path.join(dist, '404.html'), { dotfiles: 'allow' }),
  );
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 4173);
  previewApp().listen(port, () =>
    console.log(`Built site with isolation headers: http://localhost:${port}/`),
  );
}
