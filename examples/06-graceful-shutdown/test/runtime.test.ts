// npm start's runtime checks and their fallbacks (src/lib/demo/runtime.ts),
// each forced by the fault DEMO_FAULTS injects: the demo still finishes with
// its summary line, and its log still shows what the page says it shows.
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, start, stop } from './child.js';

let child: Child;
afterEach(() => stop(child));

const uuid = '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}';
/** Runs the demo (npm start's command) with `faults` injected; its lines once it has exited 0. */
async function demo(faults: string) {
  child = start(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    DEMO_FAULTS: faults,
  });
  child.port.catch(() => {}); // the demo prints no "listening on" line
  expect(await child.exited).toEqual({ code: 0, signal: null });
  return child.lines;
}
const checks = (lines: string[]) =>
  lines.filter((l) => l.startsWith('runtime check: '));
const summary =
  /^SIGTERM \d+ ms after the response; the task finished \d+ ms after it; exit code 0$/;

describe('npm start’s runtime checks', () => {
  it('find AsyncLocalStorage across await and a signal sent to itself here, and take neither fallback', async () => {
    const lines = await demo('');
    expect(checks(lines)).toEqual([
      'runtime check: AsyncLocalStorage keeps context across await: yes',
      'runtime check: a self-sent signal arrives (1000 ms): yes',
    ]);
    expect(
      lines.some((l) => l.includes('starting the shutdown directly')),
    ).toBe(false);
    expect(lines.at(-1)).toMatch(summary);
  });

  it('without AsyncLocalStorage across await, say so, and the confirmation still shows its request id, passed as an argument', async () => {
    const lines = await demo('async-context');
    expect(checks(lines)[0]).toBe(
      'runtime check: AsyncLocalStorage keeps context across await: no, so the request id also travels to the task as an argument: the log still shows it',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^  \\[${uuid}\\] confirmation of ${uuid} sent to alice@example\\.com$`,
        ),
      ),
    );
    expect(lines.at(-1)).toMatch(summary);
  });

  it('when a signal sent to itself never arrives, say so, start the shutdown directly, drain the running task and finish', async () => {
    const lines = await demo('self-signal');
    expect(checks(lines)[1]).toBe(
      'runtime check: a self-sent signal arrives (1000 ms): no, so the shutdown starts directly when SIGTERM does not arrive',
    );
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    const direct = at(
      /SIGTERM does not arrive in this runtime: starting the shutdown directly$/,
    );
    expect(direct).toBeGreaterThan(at(/ sending SIGTERM to this process/));
    expect(at(/ SIGTERM received: draining 1 task$/)).toBe(direct + 1);
    expect(at(/ task sendConfirmation finished /)).toBeGreaterThan(direct);
    expect(lines.at(-1)).toMatch(summary);
  });
});
