// The app under PM2, the real one (the pm2 npm package), with a PM2_HOME of
// its own in a temp folder: `pm2 stop` sends SIGINT, then SIGKILL once
// kill_timeout has passed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alive, order } from './child.js';

const require = createRequire(import.meta.url);
const pm2Bin = require.resolve('pm2/bin/pm2');
/** PM2's own default, from its constants.js: 1,600 ms. */
const defaultKillTimeout = Number(require('pm2/constants.js').KILL_TIMEOUT);
const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const ecosystem = require('../ecosystem.config.cjs') as {
  apps: [{ kill_timeout: number; script: string }];
};

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'pm2-home-'));
});
afterEach(async () => {
  await pm2('kill').catch(() => {}); // the daemon of this PM2_HOME
  // A daemon still starting when `pm2 kill` ran: end it by its pid file.
  const daemon = Number(read(path.join(home, 'pm2.pid')));
  if (daemon && alive(daemon)) process.kill(daemon, 'SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

/** The pm2 CLI, with this test's PM2_HOME and `env`. */
async function pm2(...args: string[]) {
  return pm2With({}, ...args);
}
async function pm2With(env: Record<string, string>, ...args: string[]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [pm2Bin, ...args],
    { cwd: exampleDir, env: { ...process.env, ...env, PM2_HOME: home } },
  );
  return stdout;
}

/** The app's stdout as PM2 logged it, and PM2's own log. */
const appLog = () => read(path.join(home, 'logs', 'orders-out.log'));
const pm2Log = () => read(path.join(home, 'pm2.log'));
const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** Waits until a log has a line matching `pattern`: PM2's daemon writes
 * both logs to files, in order but in its own time (even after `pm2 stop`
 * returns), so the test looks again every 50 ms. */
async function lineIn(log: () => string, pattern: RegExp) {
  for (;;) {
    const found = log()
      .split('\n')
      .find((l) => pattern.test(l));
    if (found) return found;
    await sleep(50);
  }
}
const appLine = (pattern: RegExp) => lineIn(appLog, pattern);
/** Waits until PM2 has logged how the app exited. */
const pm2Exit = () => lineIn(pm2Log, /exited with code \[\d+\] via signal/);

/** Starts the app with `startArgs` and `env`, places an order for `email`,
 * waits until its confirmation has started, then runs `pm2 stop orders`. */
async function stopMidTask(
  env: Record<string, string>,
  email: string,
  ...startArgs: string[]
) {
  await pm2With({ PORT: '0', ...env }, ...startArgs);
  const listening = await appLine(/^listening on /);
  const [, port, pid] = /:(\d+), pid (\d+)$/.exec(listening)!;
  const placed = await order(Number(port), email);
  expect(placed.status).toBe(201);
  await appLine(/^task \w+ started/); // sendConfirmation, or the test server's confirm
  await pm2('stop', 'orders'); // returns once the app is gone
  expect(alive(Number(pid))).toBe(false);
  return placed.body.order_id;
}

describe('under PM2', { timeout: 60_000 }, () => {
  it('with the default kill_timeout (1,600 ms), pm2 stop kills the app midway through its drain: the task is cut, and nothing says so', async () => {
    expect(defaultKillTimeout).toBe(1600);
    const orderId = await stopMidTask(
      { CONFIRM_MS: '60000' }, // longer than any wait here: only a kill ends it
      'alice@example.com',
      'start',
      'src/server.ts',
      '--name=orders',
      '--interpreter=node',
      '--node-args=--import tsx',
      '--no-autorestart',
    );
    await pm2Exit();
    await appLine(/^SIGINT received/); // the last line the app wrote
    const lines = appLog().split('\n');
    expect(lines).toContain('SIGINT received: draining 1 task');
    expect(lines.some((l) => l.includes(`confirmation of ${orderId}`))).toBe(
      false,
    );
    expect(lines.some((l) => /^(exit|cut:)/.test(l))).toBe(false);
    expect(pm2Log()).toMatch(
      new RegExp(`still alive after ${defaultKillTimeout}ms, sending SIGKILL`),
    );
    expect(pm2Log()).toMatch(/exited with code \[0\] via signal \[SIGKILL\]/);
  });

  it('with ecosystem.config.cjs (kill_timeout above the drain), a task still running at the SIGINT finishes and the app exits 0 on its own', async () => {
    const [app] = ecosystem.apps;
    const { defaults } = await import('../src/settings.js');
    expect(app.kill_timeout).toBeGreaterThan(
      defaults.drainDelayMs + defaults.deadlineMs,
    );
    // The file's app as it is, but running the test's server: its
    // confirmation for an after-signal-… address finishes twice PM2's
    // default kill_timeout after the SIGINT, whenever `pm2 stop` gets there
    // (its CLI is a Node process of its own: on a loaded machine it took
    // over 6 s). Written in the test's PM2_HOME, with the example as the
    // app's folder.
    const file = path.join(home, 'ecosystem.json');
    writeFileSync(
      file,
      JSON.stringify({
        apps: [
          {
            ...app,
            script: path.join(exampleDir, 'test/controlled-server.ts'),
            cwd: exampleDir,
          },
        ],
      }),
    );
    const afterSignalMs = 2 * defaultKillTimeout;
    expect(afterSignalMs).toBeLessThan(defaults.deadlineMs);
    const orderId = await stopMidTask(
      { AFTER_SIGNAL_MS: String(afterSignalMs) },
      'after-signal-alice@example.com',
      'start',
      file,
    );
    await pm2Exit();
    expect(pm2Log()).not.toMatch(/SIGKILL/);
    await appLine(/^exit 0, /); // the last line the app wrote
    const lines = appLog().split('\n');
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(at(/^SIGINT received: draining 1 task$/)).toBeGreaterThan(-1);
    expect(at(/^SIGINT received/)).toBeLessThan(
      at(new RegExp(`^confirmed ${orderId}$`)),
    );
    expect(at(new RegExp(`^confirmed ${orderId}$`))).toBeLessThan(
      at(/^exit 0, \d+ ms after SIGINT$/),
    );
    expect(pm2Log()).toMatch(/exited with code \[0\] via signal \[SIGINT\]/);
  });
});
