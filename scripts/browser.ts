// The one place that finds and launches Chromium for the site's browser tests and `npm run bench:site`.
// Order: CHROMIUM_PATH, then a system Chromium, then @sparticuz/chromium (an npm devDependency that
// ships a compressed Chromium for Linux x64), so a fresh clone needs nothing beyond `npm ci`.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where a system Chromium is usually installed (Debian's package, then other distributions). */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that keep a headless Chromium quiet on a machine with no network beyond loopback. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const system = SYSTEM_CHROMIUM.find((file) => existsSync(file));
  if (system) return system;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath(); // unpacks once into the temp folder, then reuses it
}

/** `args` adds flags, e.g. `--remote-debugging-port` for Lighthouse. */
export async function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: [...CHROMIUM_ARGS, ...args],
  });
}
