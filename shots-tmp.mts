// Not committed: screenshots of the sandbox box's states at 1280 and 390 px.
import type { AddressInfo } from 'node:net';
import { launchChromium } from './scripts/browser.ts';
import { previewApp } from './scripts/preview.ts';
const dist = process.argv[2]!;
const server = previewApp(dist).listen(0);
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();
const handshake = `<script>addEventListener('message', (e) => { if (e.data?.action !== 'SDK_INIT') return; const c = new MessageChannel(); parent.postMessage({ action: 'SDK_INIT_SUCCESS', id: e.data.id, payload: {} }, '*', [c.port2]); });</script>`;
for (const [width, scheme] of [[1280, 'light'], [390, 'dark']] as const) {
  for (const state of ['idle', 'connecting', 'retrying', 'failed', 'connected'] as const) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    await ctx.route(/^https:\/\/([\w-]+\.)?stackblitz\.(com|io)\//, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><body style="font:16px sans-serif;background:#222;color:#eee">stub editor frame${state === 'connected' ? handshake : ''}` }));
    const page = await ctx.newPage();
    await page.clock.install();
    await page.goto(`${base}/06-graceful-shutdown`);
    await page.evaluate('document.fonts.ready');
    await page.locator('.live-example').evaluate('(b) => scrollTo(0, b.offsetTop - 80)');
    if (state !== 'idle') {
      await page.getByRole('button', { name: 'Run live' }).click();
      await page.waitForTimeout(500);
      if (state === 'retrying') await page.clock.runFor(12_000);
      if (state === 'failed') await page.clock.runFor(30_000);
      if (state === 'connected') for (let i = 0; i < 10; i++) await page.clock.runFor(500);
      await page.waitForTimeout(500);
    }
    await page.screenshot({ path: `/tmp/sb-shots/${width}-${state}.png` });
    await ctx.close();
  }
}
await browser.close();
server.close();
