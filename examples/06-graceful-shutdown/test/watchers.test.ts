// The app restarted by the two file watchers developers run it under, the
// real ones (the nodemon and tsx npm packages). Each restarts on a line
// typed on its stdin, as a saved file would make it.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, type Child, order, start, stop } from './child.js';

const require = createRequire(import.meta.url);
const nodemonBin = require.resolve('nodemon/bin/nodemon.js');
const tsxCli = require.resolve('tsx/cli');

let child: Child;
afterEach(() => stop(child));

/** The index of the first line matching `pattern` (-1 if none). */
const at = (pattern: RegExp) => child.lines.findIndex((l) => pattern.test(l));

/** Waits for the app, places an order, waits until its confirmation has
 * started, types `restart` on the watcher's stdin, and waits until the
 * watcher has started the app again. */
async function restartMidTask(restart: string) {
  const first = await child.line(/^listening on /);
  const [, port, pid] = /:(\d+), pid (\d+)$/.exec(first)!;
  const placed = await order(Number(port), 'alice@example.com');
  expect(placed.status).toBe(201);
  await child.line(/^task sendConfirmation started/);
  child.type(restart);
  await child.line(new RegExp(`^listening on .*, pid (?!${pid}$)\\d+$`));
  expect(alive(Number(pid))).toBe(false);
  return { orderId: placed.body.order_id, restarted: at(/listening on .*/) };
}

const nodemon = (extra: string[], env: Record<string, string>) =>
  start(
    process.execPath,
    [
      nodemonBin,
      ...extra,
      // `--exec node` and tsx through NODE_OPTIONS: nodemon then forks node
      // itself. Given a command with flags (`--exec "node --import tsx"`) it
      // runs it through sh, and waits only for sh, not for the app to drain.
      ...['--watch', 'src', '--exec', 'node'],
      'src/server.ts',
    ],
    { PORT: '0', NODE_OPTIONS: '--import tsx', ...env },
    { stdin: true },
  );

describe('restarted by nodemon', { timeout: 60_000 }, () => {
  it('by default (SIGUSR2) the app dies at once: its running task is lost, and nothing logs a shutdown', async () => {
    child = nodemon([], { CONFIRM_MS: '60000' }); // only a kill ends it
    const { orderId } = await restartMidTask('rs\n');
    expect(child.lines.filter((l) => /received|^exit|^cut/.test(l))).toEqual(
      [],
    );
    expect(at(new RegExp(`confirmation of ${orderId}`))).toBe(-1);
  });

  it('with --signal SIGTERM the app drains first: its task finishes, it exits 0, and then nodemon starts it again', async () => {
    child = nodemon(['--signal', 'SIGTERM'], {});
    const { orderId } = await restartMidTask('rs\n');
    const lines = [
      at(/^SIGTERM received: draining 1 task$/),
      at(new RegExp(`confirmation of ${orderId} sent`)),
      at(/^exit 0, \d+ ms after SIGTERM$/),
    ];
    expect(lines.every((i) => i >= 0)).toBe(true);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    const second = child.lines.findLastIndex((l) => /^listening on /.test(l));
    expect(lines.at(-1)).toBeLessThan(second);
  });
});

const tsxWatch = (env: Record<string, string>) =>
  start(
    process.execPath,
    [tsxCli, 'watch', 'src/server.ts'],
    { PORT: '0', ...env },
    { stdin: true },
  );

describe('restarted by tsx watch', { timeout: 60_000 }, () => {
  it('sends SIGTERM, then SIGKILL after 5 s: with the 8 s deadline, a task still running then is cut, and the app names nothing', async () => {
    child = tsxWatch({ CONFIRM_MS: '60000' });
    await restartMidTask('\n');
    expect(at(/^SIGTERM received: draining 1 task$/)).toBeGreaterThan(-1);
    expect(at(/Process didn't exit in 5s\. Force killing/)).toBeGreaterThan(
      at(/^SIGTERM received/),
    );
    expect(child.lines.filter((l) => /^(exit|cut:)/.test(l))).toEqual([]);
  });

  it('with SHUTDOWN_DEADLINE_MS under 5 s, the app cuts the task itself, names it and exits 1 before tsx would kill it', async () => {
    child = tsxWatch({ CONFIRM_MS: '60000', SHUTDOWN_DEADLINE_MS: '3000' });
    await restartMidTask('\n');
    expect(child.lines.filter((l) => l.startsWith('cut: '))).toEqual([
      expect.stringMatching(/^cut: task sendConfirmation \(POST \/orders\)/),
    ]);
    expect(at(/^exit 1, \d+ ms after SIGTERM$/)).toBeGreaterThan(-1);
    expect(at(/Force killing/)).toBe(-1);
  });
});
