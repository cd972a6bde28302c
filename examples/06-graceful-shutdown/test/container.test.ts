// How a container runs the app with CMD ["node", "--import", "tsx",
// "src/server.ts"]: node alone, as PID 1 of its own PID namespace. Linux
// ignores a signal sent to a PID 1 that has no handler for it; this app has
// one. Needs unshare(1) and root, as CI has.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, type Child, order, start, stop } from './child.js';

const canUnshare = (() => {
  try {
    execFileSync('unshare', ['--pid', '--fork', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let child: Child;
afterEach(() => stop(child));

describe('as PID 1, the way a container runs it', () => {
  it.skipIf(!canUnshare)(
    'gets SIGTERM, finishes its task and exits with code 0',
    async () => {
      const node = [process.execPath, '--import', 'tsx', 'src/server.ts'];
      child = start('unshare', ['--pid', '--fork', '--kill-child', ...node], {
        PORT: '0',
      });
      const port = await child.port;
      expect(await child.line(/^listening on /)).toMatch(/, pid 1$/);
      // Its pid as the host sees it: the child of unshare.
      const app = Number(
        execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.process.pid)]),
      );
      const placed = await order(port, 'alice@example.com');
      await child.line(/^task sendConfirmation started/);
      process.kill(app, 'SIGTERM');
      expect(await child.exited).toEqual({ code: 0, signal: null });
      expect(child.lines).toContainEqual(
        expect.stringContaining(`confirmation of ${placed.body.order_id} sent`),
      );
      expect(alive(app)).toBe(false);
    },
  );
});
