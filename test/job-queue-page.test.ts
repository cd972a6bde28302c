// Page 07's recovery times are computed on the page from example 07's own
// rules (src/rules.ts), and none is typed by hand. These tests tie that
// computation to pg-boss as installed and to the recorded run the page shows,
// and check what the page says npm does with pg-boss on Node 20.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Footprint } from '../.vitepress/footprint-result.js';
import {
  pgBossDefaults,
  recovery,
} from '../examples/07-job-queue/src/rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const page = read('docs/07-job-queue.md');

describe('page 07’s recovery times', () => {
  it('assumes the supervise and monitor intervals pg-boss defaults to, as installed', () => {
    const attorney = read('node_modules/pg-boss/dist/attorney.js');
    for (const [name, seconds] of Object.entries(pgBossDefaults))
      expect(attorney).toContain(
        `config.${name} = config.${name} || ${seconds};`,
      );
  });

  it('has the recorded run’s retry inside the demo’s window, as the page computes it', () => {
    const run = JSON.parse(read('docs/logs/07-job-queue.json')) as {
      entries: { ms: number; text: string }[];
    };
    const at = (pattern: RegExp) =>
      run.entries.find((e) => pattern.test(e.text))!.ms;
    const gap =
      at(/picked up the job \(attempt 2\)/) - at(/killed with SIGKILL/);
    expect(gap).toBeGreaterThanOrEqual(recovery.demo.soonest * 1000);
    expect(gap).toBeLessThanOrEqual(recovery.demo.latest * 1000);
    expect(page).toContain('const killed = at(/killed with SIGKILL/)');
    expect(page).toContain(
      'const retried = at(/picked up the job \\(attempt 2\\)/)',
    );
  });

  it('shows the production and demo windows from src/rules.ts, and types no recovery time', () => {
    expect(page).toContain(
      "import { recovery } from '../examples/07-job-queue/src/rules.ts'",
    );
    for (const bound of ['soonest', 'latest'])
      for (const where of ['production', 'demo'])
        expect(page).toContain(`{{ recovery.${where}.${bound} }}`);
    const deploying = page.split('## Deploying it')[1]!.split('\n## ')[0]!;
    for (const { soonest, latest } of Object.values(recovery))
      for (const figure of [soonest, latest])
        expect(deploying).not.toMatch(new RegExp(`\\b${figure} s\\b`));
  });
});

describe('page 07’s start latency', () => {
  it('comes from npm run bench’s record (docs/data/bench.json), the one instrument, and is not typed on the page', () => {
    const bench = JSON.parse(read('docs/data/bench.json')) as {
      jobQueue: { runs?: { startLatencyMs: { median: number } }[] };
    };
    expect(bench.jobQueue.runs).toHaveLength(2);
    expect(page).toContain(
      "import { data as bench } from '../.vitepress/theme/job-queue-bench.data'",
    );
    for (const database of ['PGlite', 'PostgreSQL'])
      expect(page).toContain(
        `{{ queue.${database}.startLatencyMs.median }} ms on ${database}`,
      );
    const prose = page.split('</script>')[1]!;
    for (const run of bench.jobQueue.runs!)
      expect(prose).not.toMatch(
        new RegExp(`\\b${run.startLatencyMs.median} ms\\b`),
      );
    // One instrument: example 07 has no latency script of its own.
    expect(page).not.toContain('npm run latency');
  });
});

describe('page 07’s footprint', () => {
  it('shows npm run footprint’s record (docs/data/footprint.json) and types none of its figures', () => {
    const record = Footprint.parse(
      JSON.parse(read('docs/data/footprint.json')),
    );
    expect(page).toContain(
      "import { data as fp } from '../.vitepress/theme/footprint.data'",
    );
    for (const shown of [
      '{{ fp07.full }} MB',
      '{{ fp02.full }} MB',
      '{{ fp07.omitDev }} MB',
      '{{ fp02.omitDev }} MB',
      "{{ fp.startPeak['07-job-queue'] }} MB",
      "{{ fp.startPeak['02-use-case'] }} MB",
      '{{ fp.workerRssMB }} MB',
      '{{ fp.pglite.rssMB }} MB',
      '{{ fp.postgres.pssMB }} MB',
      '{{ fp.pglite.startSeconds }} s',
      '{{ fp.postgres.startSeconds }} s',
      '{{ fp.machine.load.before }}',
    ])
      expect(page).toContain(shown);
    // No size, memory or start-up figure typed in the prose: neither the
    // record's nor the ones the page typed before the record existed.
    const prose = page.split('</script>')[1]!;
    const figures = [
      ...Object.values(record.installs).flatMap((i) => [i.full, i.omitDev]),
      ...Object.values(record.startPeak),
      record.workerRssMB,
      record.pglite.rssMB,
      record.postgres.pssMB,
    ];
    for (const mb of [...figures, 107, 68, 650, 827, 133, 100, 26, 52, 13])
      expect(prose).not.toMatch(new RegExp(`\\b${mb} MB\\b`));
    for (const s of [record.pglite.startSeconds, record.postgres.startSeconds])
      expect(prose).not.toMatch(new RegExp(`\\b${s} s\\b`));
    expect(prose).not.toMatch(/\b0\.9 s\b|1\.8 to 2\.1 s/);
  });
});

// "on Node 20 `npm ci` warns (`EBADENGINE`) and installs it anyway": pg-boss
// 12 declares node >= 22.12. Runs on Node 20, the repository's own (.nvmrc:
// 20.19); on Node 22 there is nothing to warn about.
const nodeMajor = Number(process.versions.node.split('.')[0]);
describe.skipIf(nodeMajor !== 20)('page 07’s pg-boss on Node 20', () => {
  it('is what npm ci --dry-run of example 07 says on this Node: an EBADENGINE warning for pg-boss 12, then pg-boss added, exit 0', async () => {
    expect(page.replace(/\s+/g, ' ')).toContain(
      'on Node 20 `npm ci` warns (`EBADENGINE`) and installs it anyway',
    );
    const pgBoss = JSON.parse(read('examples/07-job-queue/package.json'))
      .dependencies['pg-boss'] as string;
    const dir = await mkdtemp(path.join(tmpdir(), 'npm-ci-07-'));
    try {
      for (const file of ['package.json', 'package-lock.json'])
        await copyFile(
          path.join(root, 'examples/07-job-queue', file),
          path.join(dir, file),
        );
      // Rejects on a non-zero exit.
      const { stdout, stderr } = await promisify(execFile)(
        'npm',
        ['ci', '--dry-run', '--no-audit', '--no-fund'],
        { cwd: dir },
      );
      expect(stderr).toMatch(
        new RegExp(
          `EBADENGINE Unsupported engine \\{\\n.*package: 'pg-boss@${pgBoss}',\\n.*required: \\{ node: '>=22\\.12\\.0' \\}`,
        ),
      );
      expect(stdout.split('\n')).toContain(`add pg-boss ${pgBoss}`);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
