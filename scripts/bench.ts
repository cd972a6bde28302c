// npm run bench: what a background task costs the response. A load generator
// (autocannon) drives real servers on 127.0.0.1, each in a process of its own
// (scripts/bench/). Every series runs once per round, the rounds interleave
// the series, and each figure is the median over the rounds with its spread.
// Three things keep the machine's own noise from passing for a cost: each
// round starts every server anew (two processes of one server stay apart for
// a whole run), the rounds alternate their order (A B, then B A: a run that
// follows a heavy one starts on a busy machine), and each run waits a settle
// pause first. A control series, the plain server again in another process,
// shows what is left: a run whose control ratio falls outside 0.97–1.03
// prints `noisy` and does not replace docs/data/bench.json.
// Prints a table, writes docs/data/bench.json (the performance page reads
// it) and ends with the lines `latency_ratio=…` and `throughput_ratio=…`.
//
//   npm run bench                   the recorded run: 11 minutes on 2
//                                   cores (two runs, 2026-12-06)
//   npm run bench -- --rounds 2 --seconds 0.5 --out /tmp/bench.json
//                                   a quick look, leaving the record alone
//   npm run bench -- --mechanism ../other/lib/background-tasks.ts
//                                   another checkout's mechanism
//   npm run bench -- --profile /tmp/prof
//                                   a CPU profile of each Express server
//   npm run bench -- --no-job-queue skip the job queue (example 07)
//   npm run bench -- --only 'express-(plain|mechanism)-c50' --rounds 15
//                                   only the series whose ids match, and
//                                   no job queue
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, release, type } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { compileServers } from './bench/compile.js';
import { measureJobQueue } from './bench/job-queue-runs.js';
import { measure, type Load } from './bench/load.js';
import { findPython } from './bench/python.js';
import {
  BenchResult,
  type Ratio,
  type Series,
} from '../.vitepress/bench-result.js';
import {
  CONTROL_BAND,
  HEADLINE,
  PEER_RATIOS,
  PEER_SERIES,
  RATIOS,
  SERIES,
  TASK_MS,
  type SeriesSpec,
  type ServerKey,
} from './bench/series.js';
import { settle, startServer, type BenchServer } from './bench/servers.js';
import { spread } from './bench/stats.js';

/** One run of a series: its load figures and the server's CPU time per
 * request, in µs (the tasks' included). */
type Sample = Load & { cpuUs: number };

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const { values: options } = parseArgs({
  args,
  options: {
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '1.5' },
    settle: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'docs/data/bench.json' },
    mechanism: { type: 'string' },
    profile: { type: 'string' },
    only: { type: 'string' },
    'no-job-queue': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(options.rounds);
const SECONDS = Number(options.seconds);
const SETTLE_MS = Number(options.settle);
const { version: autocannonVersion } = createRequire(import.meta.url)(
  'autocannon/package.json',
) as { version: string };

const python = await findPython();
const peer = 'skipped' in python ? undefined : python;
const skipped = 'skipped' in python ? python.skipped : undefined;
// --only REGEX: the series whose ids match, and the ratios between them.
const only = new RegExp(options.only ?? '');
const series = (peer ? [...SERIES, ...PEER_SERIES] : SERIES).filter((s) =>
  only.test(s.id),
);
const ids = new Set(series.map((s) => s.id));
const ratios = (peer ? [...RATIOS, ...PEER_RATIOS] : RATIOS).filter(
  (r) => ids.has(r.numerator) && ids.has(r.denominator),
);
const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  os: `${type()} ${release()}`,
};
console.log(
  `${series.length} series, ${ROUNDS} rounds of ${SECONDS} s each, ` +
    `autocannon ${autocannonVersion} on 127.0.0.1\n` +
    `machine: ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}\n` +
    (peer
      ? `peer: ${peer.executable}: Python ${peer.python}, FastAPI ` +
        `${peer.fastapi}, uvicorn ${peer.uvicorn} (${peer.loop}, ${peer.http})`
      : `peer: FastAPI skipped: ${skipped}`),
);

/** Starts the servers, runs every series once per round, stops them. */
async function runRounds(): Promise<Map<string, Sample[]>> {
  const compiled = await compileServers(
    root,
    options.mechanism && path.resolve(options.mechanism),
  );
  const env = { TASK_MS: String(TASK_MS), NODE_ENV: 'production' };
  const start = (key: ServerKey) => {
    const [runtime, variant] = key.split(':') as [string, string];
    if (runtime === 'fastapi')
      return startServer(
        peer!.executable,
        [path.join(root, 'scripts/bench/fastapi_app.py')],
        { ...env, VARIANT: variant },
      );
    const profile = options.profile
      ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.profile)]
      : [];
    return startServer(process.execPath, [...profile, compiled.server], {
      ...env,
      VARIANT: variant,
      ...(compiled.mechanism ? { MECHANISM: compiled.mechanism } : {}),
    });
  };
  const servers = new Map<ServerKey, BenchServer>();
  /** One run of `spec`; then wait for its tasks and check they all ran. */
  const run = async (spec: SeriesSpec, seconds: number): Promise<Sample> => {
    const server = servers.get(spec.server)!;
    await sleep(SETTLE_MS); // the last run's aftermath is over

    const before = await server.stats();
    const sample = await measure(server.url, spec.concurrency, seconds);
    const after = await settle(server, TASK_MS + 10_000);
    if (after.added > before.added && after.run - before.run < sample.responses)
      throw new Error(`${spec.id}: fewer tasks ran than responses were sent`);
    return {
      ...sample,
      cpuUs: (after.cpuUs - before.cpuUs) / sample.responses,
    };
  };

  const stopAll = async () => {
    await Promise.all([...servers.values()].map((server) => server.stop()));
    servers.clear();
  };
  // Stopped by a signal (Ctrl-C): stop the servers too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stopAll().then(() => process.exit(130)));
  const keys = [...new Set(series.map((s) => s.server))];
  /** Every server, started anew, and warmed up: its code is optimised. */
  const startAll = async () => {
    const started = await Promise.allSettled(keys.map(start));
    started.forEach((s, i) => {
      if (s.status === 'fulfilled') servers.set(keys[i]!, s.value);
    });
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    for (const spec of series) await run(spec, Math.min(0.5, SECONDS));
  };
  try {
    const samples = new Map<string, Sample[]>(series.map((s) => [s.id, []]));
    for (let round = 0; round < ROUNDS; round++) {
      process.stdout.write(`round ${round + 1} of ${ROUNDS} `);
      await startAll();
      // Forward, then backward (A B, B A): no series always follows the same
      // one, and each pair of rounds gives every series both positions.
      const order = round % 2 === 0 ? series : [...series].reverse();
      for (const spec of order) {
        samples.get(spec.id)!.push(await run(spec, SECONDS));
        process.stdout.write('.');
      }
      process.stdout.write('\n');
      await stopAll();
    }
    return samples;
  } finally {
    await stopAll();
  }
}

const samples = await runRounds();
const seriesResults: Series[] = series.map((spec) => {
  const runs = samples.get(spec.id)!;
  const of = (key: keyof Sample, digits: number) =>
    spread(
      runs.map((s) => s[key]),
      digits,
    );
  return {
    ...spec,
    server: spec.server.startsWith('express') ? 'express' : 'fastapi',
    rps: of('rps', 1),
    p50: of('p50', 3),
    p99: of('p99', 3),
    cpuUs: of('cpuUs', 1),
    responses: runs.reduce((sum, s) => sum + s.responses, 0),
  };
});
// A ratio pairs the two series' runs of the same round, then takes the
// median over the rounds: a slow stretch of the machine hits both.
const ratioResults: Ratio[] = ratios.map((spec) => {
  const top = samples.get(spec.numerator)!;
  const bottom = samples.get(spec.denominator)!;
  const perRound = top.map((s, i) => s[spec.metric] / bottom[i]![spec.metric]);
  return { ...spec, value: spread(perRound, 3) };
});
const headline = (id: string) =>
  ratioResults.find((r) => r.id === id)?.value.median ?? null;

const result = BenchResult.parse({
  command: ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' '),
  date: new Date().toISOString(),
  machine,
  config: {
    generator: `autocannon ${autocannonVersion}`,
    rounds: ROUNDS,
    secondsPerRun: SECONDS,
    settleMs: SETTLE_MS,
    taskMs: TASK_MS,
    route: 'POST /orders',
  },
  peer: peer
    ? {
        python: peer.python,
        fastapi: peer.fastapi,
        uvicorn: peer.uvicorn,
        starlette: peer.starlette,
        pydantic: peer.pydantic,
        loop: peer.loop,
        http: peer.http,
      }
    : python,
  series: seriesResults,
  ratios: ratioResults,
  jobQueue:
    options['no-job-queue'] || options.only
      ? { skipped: `not asked for (${args.join(' ')})` }
      : await measureJobQueue(root),
  latency_ratio: headline(HEADLINE.latency_ratio),
  throughput_ratio: headline(HEADLINE.throughput_ratio),
  control: headline(HEADLINE.control),
} satisfies BenchResult);
// The control divides the plain server by itself: anything but 1 is noise.
const control = result.control ?? null;
const noisy =
  control !== null && (control < CONTROL_BAND[0] || control > CONTROL_BAND[1]);

const range = (s: { median: number; min: number; max: number }, d: number) =>
  `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;
const row = (cells: Array<[string, number]>) =>
  cells.map(([text, width]) => text.padEnd(width)).join(' ');
console.log(
  '\n' +
    row([
      ['series', 43],
      ['conc', 4],
      ['req/s', 20],
      ['p50 ms', 20],
      ['p99 ms', 22],
      ['CPU µs/req', 0],
    ]),
);
for (const s of result.series)
  console.log(
    row([
      [s.label, 43],
      [String(s.concurrency).padStart(4), 4],
      [range(s.rps, 0), 20],
      [range(s.p50, 2), 20],
      [range(s.p99, 2), 22],
      [range(s.cpuUs, 0), 0],
    ]),
  );
console.log(
  `\n${row([
    ['ratio', 70],
    ['median (min–max)', 20],
    ['target', 0],
  ])}`,
);
for (const r of result.ratios) {
  const { op, value } = r.target ?? {};
  const met = op === '<=' ? r.value.median <= value! : r.value.median >= value!;
  const target = op ? `${op} ${value} ${met ? 'met' : 'MISSED'}` : '';
  console.log(
    row([
      [r.label, 70],
      [range(r.value, 3), 20],
      [target, 0],
    ]),
  );
}
if ('runs' in result.jobQueue) {
  console.log('\njob queue (example 07)');
  for (const q of result.jobQueue.runs)
    console.log(
      `${q.database}: created to started ${range(q.startLatencyMs, 0)} ms ` +
        `(${q.jobs} jobs, worker polling every ${q.pollingSeconds} s); ` +
        `${q.backlog} orders and jobs committed at ${q.enqueuePerSecond}/s, ` +
        `done at ${q.jobsPerSecond} jobs/s`,
    );
} else console.log(`\njob queue skipped: ${result.jobQueue.skipped}`);

const out = path.resolve(root, options.out);
const record = path.resolve(root, 'docs/data/bench.json');
if (noisy)
  console.log(
    `\nnoisy: the control ratio ${result.control} is outside ` +
      `${CONTROL_BAND.join('–')}` +
      (out === record ? '; docs/data/bench.json left as it was' : ''),
  );
if (!noisy || out !== record) {
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}
console.log(`latency_ratio=${result.latency_ratio}`);
console.log(`throughput_ratio=${result.throughput_ratio}`);
