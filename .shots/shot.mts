import { previewApp } from '../scripts/preview.ts';
import { launchChromium } from '../scripts/browser.ts';
const pages = process.argv.slice(2);
const server = previewApp().listen(4199);
const browser = await launchChromium();
for (const [w, h, scheme] of [[1280, 900, 'light'], [390, 844, 'dark']] as const) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
  const page = await ctx.newPage();
  for (const p of pages) {
    await page.goto(`http://localhost:4199/${p}`, { waitUntil: 'networkidle' });
    const name = p.replace(/[\/#]/g, '_') || 'home';
    const anchor = p.includes('#') ? p.split('#')[1] : '';
    await page.screenshot({ path: `.shots/${name}-${w}.png`, fullPage: !anchor });
  }
  await ctx.close();
}
await browser.close();
server.close();
