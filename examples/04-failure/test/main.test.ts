import { beforeAll, describe, expect, it } from 'vitest';
import { crashReport, runScript, type ChildResult } from './child.js';

describe('npm start in a child process', () => {
  let run: ChildResult;
  beforeAll(async () => {
    run = await runScript('src/main.ts');
  }, 30_000);

  it('exits with code 0 on its own after the notification finished', () => {
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('task riskySyncTask failed')).toBeGreaterThan(-1);
    expect(at('task riskyAsyncTask failed')).toBeGreaterThan(
      at('task riskySyncTask failed'),
    );
    expect(at('task sendNotification finished')).toBeGreaterThan(
      at('task riskyAsyncTask failed'),
    );
    expect(lines.at(-2)).toMatch(
      /^response 201 after \d+ ms; 2 tasks failed, 1 finished, process still up$/,
    );
  });

  it('logs both failures to stderr and prints no crash report', () => {
    const logged = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('background task '));
    expect(logged).toEqual([
      expect.stringMatching(
        /^background task riskySyncTask failed after POST \/orders: Error: risky sync task failed for order [0-9a-f-]{36}$/,
      ),
      expect.stringMatching(
        /^background task riskyAsyncTask failed after POST \/orders: Error: risky async task failed for order [0-9a-f-]{36}$/,
      ),
    ]);
    expect(run.stderr).not.toMatch(crashReport);
  });
});
