// Runs scripts/bench/job-queue.ts on PGlite, then on a PostgreSQL server
// that scripts/with-postgres.ts starts and stops around it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchResult, QueueRun } from '../../.vitepress/bench.js';

export async function measureJobQueue(
  root: string,
): Promise<BenchResult['jobQueue']> {
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const script = path.join(root, 'scripts/bench/job-queue.ts');
  const withPostgres = path.join(root, 'scripts/with-postgres.ts');
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-queue-'));
  const { DATABASE_URL: _, ...env } = process.env; // PGlite unless told
  const runs: QueueRun[] = [];
  try {
    for (const [database, args] of [
      ['PGlite', [script]],
      ['PostgreSQL', [withPostgres, tsx, script]],
    ] as const) {
      process.stdout.write(`job queue on ${database}… `);
      const result = path.join(dir, `${database}.json`);
      const child = spawn(tsx, args, {
        cwd: root,
        env: { ...env, BENCH_RESULT: result },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      if (code !== 0) return { skipped: `${database} run exited (${code})` };
      runs.push(JSON.parse(await readFile(result, 'utf8')) as QueueRun);
      process.stdout.write('done\n');
    }
    return { runs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
