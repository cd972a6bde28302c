// `npm run serve`, signalled the two ways a supervisor or a terminal does:
// npm's own process, or the whole process group.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, type Child, order, start, stop } from './child.js';

let child: Child;
afterEach(() => stop(child));

/** Starts `npm run serve`, places an order, and waits until its
 * confirmation (the real one, about 1 s) has started. */
async function serveWithTaskRunning() {
  child = start('npm', ['run', 'serve'], { PORT: '0' });
  const port = await child.port;
  const app = Number(/pid (\d+)/.exec(await child.line(/^listening on /))![1]);
  const placed = await order(port, 'alice@example.com');
  expect(placed.status).toBe(201);
  await child.line(/^task sendConfirmation started \[[0-9a-f-]{36}\]$/);
  return { app, orderId: placed.body.order_id };
}

/** The app finished its task, logged one shutdown, and exited 0; so did
 * npm, and no process of the tree is left. */
async function expectCleanExit(app: number, orderId: string) {
  expect(await child.exited).toEqual({ code: 0, signal: null });
  const lines = child.lines;
  const shutdowns = lines.filter((l) => /^SIGTERM received: draining/.test(l));
  expect(shutdowns).toHaveLength(1);
  expect(lines).toContainEqual(
    expect.stringMatching(new RegExp(`confirmation of ${orderId} sent`)),
  );
  expect(lines).toContainEqual(
    expect.stringMatching(/^task sendConfirmation finished/),
  );
  expect(lines).toContainEqual(
    expect.stringMatching(/^exit 0, \d+ ms after SIGTERM$/),
  );
  expect(alive(app)).toBe(false);
}

// npm and tsx start slowly on a busy machine: more than vitest's 5 s.
describe('npm run serve', { timeout: 60_000 }, () => {
  it('runs the app as npm’s own child: exec replaces the shell', async () => {
    const { app } = await serveWithTaskRunning();
    const parent = execFileSync('ps', ['-o', 'ppid=', '-p', String(app)]);
    expect(Number(parent)).toBe(child.process.pid); // npm, not sh
  });

  it('passes SIGTERM sent to npm on to the app, which finishes its task; both exit 0', async () => {
    const { app, orderId } = await serveWithTaskRunning();
    child.process.kill('SIGTERM'); // npm's pid
    await expectCleanExit(app, orderId);
  });

  it('shuts down once when SIGTERM goes to the whole process group (npm forwards it too); both exit 0', async () => {
    const { app, orderId } = await serveWithTaskRunning();
    process.kill(-child.process.pid!, 'SIGTERM');
    await expectCleanExit(app, orderId);
  });

  it('without exec, as npm exec -c runs the same command through sh: SIGTERM to npm ends npm, and the app never sees it and runs on', async () => {
    child = start('npm', ['exec', '-c', 'node --import tsx src/server.ts'], {
      PORT: '0',
    });
    const app = Number(
      /pid (\d+)/.exec(await child.line(/^listening on /))![1],
    );
    const parent = Number(
      execFileSync('ps', ['-o', 'ppid=', '-p', String(app)]),
    );
    expect(parent).not.toBe(child.process.pid); // sh sits in between
    const npmExited = once(child.process, 'exit'); // npm alone: the app
    child.process.kill('SIGTERM'); // keeps the output pipe open
    const [code, signal] = await npmExited;
    expect({ code, signal }).not.toEqual({ code: 0, signal: null });
    expect(alive(app)).toBe(true); // orphaned, still serving
    expect(child.lines.filter((l) => / received/.test(l))).toEqual([]);
  });
});
