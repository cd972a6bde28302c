// The example's server (src/serve.ts) with a confirmation the test drives,
// run by the tests as a real process: `node --import tsx` with an IPC
// channel. By the order's email, the confirmation:
// - hold-…: waits until the test sends { release: email };
// - never-…: never settles, and ignores its signal;
// - any other: finishes on the next turn of the event loop.
// Each one that finishes prints `confirmed <order id>`.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { serve } from '../src/serve.js';
import { settingsFrom } from '../src/settings.js';

const held = new Map<string, () => void>();
process.on('message', (message: { release: string }) =>
  held.get(message.release)?.(),
);

async function confirm(orderId: string, email: string) {
  if (email.startsWith('never-')) await new Promise(() => {});
  if (email.startsWith('hold-'))
    await new Promise<void>((resolve) => held.set(email, resolve));
  await nextTurn();
  console.log(`confirmed ${orderId}`);
}

await serve({ ...settingsFrom({ PORT: '0', ...process.env }), confirm });
