// The example's server (src/serve.ts) with a confirmation the test drives,
// run by the tests as a real process: `node --import tsx` with an IPC
// channel. By the order's email, the confirmation:
// - hold-…: waits until the test sends { release: email };
// - never-…: never settles, and ignores its signal; it stays pending until
//   the shutdown cuts it (no task timeout, see below);
// - after-signal-…: finishes AFTER_SIGNAL_MS (default 0) after the process
//   gets SIGINT or SIGTERM, for a test whose signal comes from another
//   program (PM2) in that program's own time;
// - any other: finishes on the next turn of the event loop.
// Each one that finishes prints `confirmed <order id>`.
import { once } from 'node:events';
import {
  setImmediate as nextTurn,
  setTimeout as sleep,
} from 'node:timers/promises';
import { listenWithGracefulShutdown } from '../src/serve.js';
import { settingsFrom } from '../src/settings.js';

const held = new Map<string, () => void>();
process.on('message', (message: { release: string }) =>
  held.get(message.release)?.(),
);

async function confirm(orderId: string, email: string) {
  if (email.startsWith('never-')) await new Promise(() => {});
  if (email.startsWith('hold-'))
    await new Promise<void>((resolve) => held.set(email, resolve));
  if (email.startsWith('after-signal-')) {
    await Promise.race(['SIGINT', 'SIGTERM'].map((s) => once(process, s)));
    await sleep(Number(process.env.AFTER_SIGNAL_MS ?? 0));
  }
  await nextTurn();
  console.log(`confirmed ${orderId}`);
}

// No per-task timeout: a test's pending tasks must be exactly the ones it
// placed and did not release, however slow the machine. With the runner's
// 30 s default, 'the shutdown log on a pipe' (2,000 orders, ~30 s at load
// average 30) saw its oldest tasks time out during the drain, and printed
// 1,989 cut lines instead of 2,000. Remove if no test keeps a task pending
// for long, or if a test needs the timeout (then give it its own server).
await listenWithGracefulShutdown({
  ...settingsFrom({ PORT: '0', ...process.env }),
  confirm,
  taskTimeoutMs: Infinity,
});
