// npm run bench:instructions: what the mechanism costs a request, counted in
// instructions, which unlike wall-clock time do not depend on what else the
// machine is doing. Each server runs in its own process under valgrind's
// cachegrind (scripts/bench/cachegrind.ts); this process sends the load.
// Start-up and compilation are counted too, so each server is counted after
// `warmup + N` and after `warmup + 3N` requests: the difference ÷ 2N is what
// one warm request costs. Every variant is counted so twice, by two pairs of
// processes, and the page shows how far apart the two came out; the plain
// server's pair is the A/A control, the method's own noise.
// Writes docs/data/instructions.json (the Performance page reads it) and ends
// with the lines `aa_spread_pct=…` and `instructions_ratio=…`. Not part of
// npm test. Exits 2 if valgrind is missing. A full run took 13–14 minutes on
// this project's 2 cores (four runs, 2026-12-05).
//
//   npm run bench:instructions                the recorded run
//   npm run bench:instructions -- --only 'plain|mechanism' --out /tmp/i.json
//                                             some variants, record left alone
//   npm run bench:instructions -- --mechanism ../other/lib/background-tasks.ts
//   npm run bench:instructions -- --keep /tmp/cg
//                                             keep cachegrind's files, for
//                                             cg_annotate and cg_diff
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countInstructions, valgrindVersion } from './bench/cachegrind.js';
import { compileServers } from './bench/compile.js';
import { InstructionsResult } from '../.vitepress/instructions-result.js';
import { addedKilo, kilo } from '../.vitepress/instructions.js';
import { findPython } from './bench/python.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const { values: options } = parseArgs({
  args,
  options: {
    out: { type: 'string', default: 'docs/data/instructions.json' },
    only: { type: 'string' },
    mechanism: { type: 'string' },
    keep: { type: 'string' },
    jobs: { type: 'string', default: '3' },
  },
});

const valgrind = await valgrindVersion();
if (!valgrind) {
  console.error(
    'npm run bench:instructions needs valgrind, which is not on PATH.\n' +
      'On Debian or Ubuntu: apt-get install valgrind',
  );
  process.exit(2);
}

// --predictable: no concurrent or parallel GC, no random hash seeds, so the
// same requests execute the same instructions (0.02 % apart here; 0.16 %
// without these flags).
// --no-memory-reducer: V8's memory reducer starts extra garbage collections
// from a timer, so how many fall inside the counted window depends on how
// fast the machine ran the process. Delete if V8 drops the reducer or
// --predictable comes to switch it off.
// --initial-old-space-size=256: no full (mark-compact) collection inside
// the counted window. V8 sizes the old generation by how fast its last
// collections ran, in milliseconds, so where the next one starts, and how
// much incremental marking and write barrier a window pays for, depended
// on how busy the machine was: `cg_diff` of two counts of the plain server
// put all of their difference in marking, and three counts on an idle
// machine came out 0.33 % apart. With 256 MB to start (a server serving
// 9,200 requests promotes far less), the same three came out 0.05 % apart,
// and no count of any variant had a mark-compact. (The recorded run, three
// counts at a time on 2 cores, came out 0.17 % apart: what is left differs
// in V8's property lookups, LookupIterator, and in scavenging.) The young
// generation, where a request's short-lived objects die, is collected and
// counted as before. (--predictable-gc-schedule, which fixes V8's growing
// factor instead, made it 0.5 %: its 4 MB new space scavenges more often.)
// --random-seed=42: V8 draws the addresses it maps its heap and code at
// from this generator, and where an object's hidden class lives decides
// which of them collide in V8's cache of property lookups. With a fixed
// seed, two counts of the plain server after 3,200 requests were 16 k
// instructions apart instead of 9 M, and the per-request spread of the
// plain server and the mechanism halved (0.05 % and 0.19 %, idle).
const NODE_FLAGS = [
  '--predictable',
  '--single-threaded',
  '--no-memory-reducer',
  '--initial-old-space-size=256',
  '--random-seed=42',
];
// CPython's own allocator is invisible to valgrind's bookkeeping; malloc is
// what valgrind's documentation asks for.
const PYTHON_ENV = { PYTHONMALLOC: 'malloc' };
/** Requests before counting starts to matter, and N. Node still compiles
 * at 2,500 requests (a window from 1,500 to 2,500 counted 1.4 M per request
 * against about 0.85 M from 2,500 to 5,500), so Express is counted from
 * 3,200 to 9,200 requests. CPython 3.11 compiles nothing. */
const COUNTS = {
  express: { warmup: 200, requests: 3000 },
  fastapi: { warmup: 200, requests: 300 },
};

interface VariantSpec {
  id: string;
  label: string;
  runtime: 'express' | 'fastapi';
  variant: string;
}
const VARIANTS: VariantSpec[] = [
  ['plain', 'no task'],
  ['noop', 'a middleware that only calls next()'],
  ['finish', "trivial task, res.on('finish')"],
  ['immediate', 'trivial task, setImmediate'],
  ['installed', 'backgroundTasks installed, no task added'],
  ['mechanism', 'trivial task, backgroundTasks'],
  ['context', 'trivial task, backgroundTasks, AsyncLocalStorage in use'],
].map(([variant, label]) => ({
  id: `express-${variant}`,
  label: `Express, ${label}`,
  runtime: 'express' as const,
  variant: variant!,
}));
const PEER_VARIANTS: VariantSpec[] = [
  ['plain', 'no task'],
  ['mechanism', 'trivial task, BackgroundTasks'],
].map(([variant, label]) => ({
  id: `fastapi-${variant}`,
  label: `FastAPI, ${label}`,
  runtime: 'fastapi' as const,
  variant: variant!,
}));

const python = await findPython();
const peer = 'skipped' in python ? undefined : python;
if ('skipped' in python)
  console.log(`peer: FastAPI skipped: ${python.skipped}`);
const only = new RegExp(options.only ?? '');
// The plain servers are always counted: every other figure is against them.
const variants = [...VARIANTS, ...(peer ? PEER_VARIANTS : [])].filter(
  (v) => v.variant === 'plain' || only.test(v.id),
);

const compiled = await compileServers(
  root,
  options.mechanism && path.resolve(options.mechanism),
);
const work = options.keep
  ? path.resolve(options.keep)
  : await mkdtemp(path.join(tmpdir(), 'bench-instructions-'));
await mkdir(work, { recursive: true });

/** One count: `spec`'s server after `multiple` × N requests past warm-up. */
function count(spec: VariantSpec, multiple: 1 | 3, repeat: 0 | 1) {
  const { warmup, requests } = COUNTS[spec.runtime];
  const env = { VARIANT: spec.variant, TASK_MS: '500' };
  return countInstructions({
    command:
      spec.runtime === 'express'
        ? [process.execPath, ...NODE_FLAGS, compiled.server]
        : [peer!.executable, path.join(root, 'scripts/bench/fastapi_app.py')],
    env:
      spec.runtime === 'express'
        ? {
            ...env,
            NODE_ENV: 'production',
            ...(compiled.mechanism ? { MECHANISM: compiled.mechanism } : {}),
          }
        : { ...env, ...PYTHON_ENV },
    outFile: path.join(work, `${spec.id}-${repeat}-${multiple}n.cg.out`),
    requests: warmup + multiple * requests,
  });
}

// Counts run `--jobs` at a time, the slow CPython ones first. The Express
// servers' first counts run in one order and their second counts in the
// reverse order (A B … B A), so that each variant, the plain server
// included, is counted once early and once late in the run: the plain
// server, always counted last, came out up to 0.37 % apart from itself
// while the others stayed within 0.15 %, and every other figure is against
// it. (What still moves a count with the machine's load is not settled.)
const jobs: Array<{ key: string; run: () => Promise<number> }> = [];
const ordered = (repeat: 0 | 1) => {
  const express = variants.filter((v) => v.runtime === 'express');
  const python = variants.filter((v) => v.runtime === 'fastapi');
  return [...python, ...(repeat === 0 ? express.reverse() : express)];
};
for (const repeat of [0, 1] as const)
  for (const spec of ordered(repeat))
    for (const multiple of [1, 3] as const)
      jobs.push({
        key: `${spec.id}/${repeat}/${multiple}`,
        run: () => count(spec, multiple, repeat),
      });
const totals = new Map<string, number>();
let next = 0;
const started = performance.now();
// The busiest minute while it ran, for the record: the counts do not
// depend on it, the run's duration does.
let loadAverage = loadavg()[0]!;
const sampleLoad = setInterval(
  () => (loadAverage = Math.max(loadAverage, loadavg()[0]!)),
  10_000,
);
await Promise.all(
  Array.from({ length: Number(options.jobs) }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      totals.set(job.key, await job.run());
      console.log(
        `${job.key.padEnd(32)} ${totals.get(job.key)!.toLocaleString('en')} ` +
          `instructions (${Math.round((performance.now() - started) / 1000)} s)`,
      );
    }
  }),
);
clearInterval(sampleLoad);
const seconds = Math.round((performance.now() - started) / 1000);
if (!options.keep) await rm(work, { recursive: true, force: true });

/** `spec`'s two counts, per request each, their mean and spread. */
const counted = (spec: VariantSpec) => {
  const n = COUNTS[spec.runtime].requests;
  const counts = ([0, 1] as const).map((repeat): [number, number] => [
    totals.get(`${spec.id}/${repeat}/1`)!,
    totals.get(`${spec.id}/${repeat}/3`)!,
  ]);
  const runs = counts.map(([n1, n3]) => (n3 - n1) / (2 * n)) as [
    number,
    number,
  ];
  const mean = (runs[0] + runs[1]) / 2;
  const spreadPct = (Math.abs(runs[0] - runs[1]) / mean) * 100;
  return { counts, runs, mean, spreadPct };
};
const plainOf = {
  express: counted(variants.find((v) => v.id === 'express-plain')!),
  fastapi: peer
    ? counted(variants.find((v) => v.id === 'fastapi-plain')!)
    : undefined,
};
const aa = plainOf.express;
const aaSpreadPct = aa.spreadPct;
const results = variants.map((spec) => {
  const { counts, runs, mean, spreadPct } = counted(spec);
  return {
    id: spec.id,
    label: spec.label,
    runtime: spec.runtime,
    counts,
    runs: runs.map(Math.round) as [number, number],
    perRequest: Math.round(mean),
    spreadPct: round(spreadPct, 3),
    added:
      spec.variant === 'plain'
        ? 0
        : Math.round(mean - plainOf[spec.runtime]!.mean),
  };
});
const of = (id: string) => results.find((r) => r.id === id);
const mechanism = of('express-mechanism');
const finish = of('express-finish');
const instructionsRatio =
  mechanism && finish ? round(mechanism.added / finish.added, 3) : null;

function round(value: number, digits: number) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

const targets: InstructionsResult['targets'] = [
  {
    id: 'aa-spread',
    label: 'A/A: two counts of the plain server, % apart',
    value: round(aaSpreadPct, 3),
    op: '<=',
    bound: 0.5,
  },
];
if (instructionsRatio !== null)
  targets.push({
    id: 'instructions-ratio',
    label:
      "backgroundTasks and one task ÷ res.on('finish'), instructions added",
    value: instructionsRatio,
    op: '<=',
    bound: 2,
  });
const installed = of('express-installed');
const noop = of('express-noop');
if (installed && noop)
  targets.push({
    id: 'no-task-over-noop',
    label:
      'backgroundTasks installed, no task added, minus a no-op middleware, ' +
      'instructions per request',
    value: installed.perRequest - noop.perRequest,
    op: '<=',
    bound: 2000,
  });
const fastapiTask = of('fastapi-mechanism');
if (mechanism && fastapiTask)
  targets.push({
    id: 'share',
    label:
      "backgroundTasks and one task's share of a request (added ÷ plain), " +
      "at most FastAPI BackgroundTasks'",
    value: round(mechanism.added / plainOf.express.mean, 4),
    op: '<=',
    bound: round(fastapiTask.added / plainOf.fastapi!.mean, 4),
  });

const { version: expressVersion } = createRequire(import.meta.url)(
  'express/package.json',
) as { version: string };
const result = InstructionsResult.parse({
  command: [
    'npm run bench:instructions',
    ...(args.length ? ['--', ...args] : []),
  ].join(' '),
  date: new Date().toISOString(),
  seconds,
  loadAverage: round(loadAverage, 2),
  versions: {
    node: process.version,
    express: expressVersion,
    valgrind,
    ...(peer && {
      python: peer.python,
      fastapi: peer.fastapi,
      uvicorn: peer.uvicorn,
      starlette: peer.starlette,
      loop: peer.loop,
      http: peer.http,
    }),
  },
  config: {
    route: 'POST /orders',
    nodeFlags: NODE_FLAGS,
    pythonEnv: Object.entries(PYTHON_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
    ...COUNTS,
  },
  ...('skipped' in python && { peer: python }),
  variants: results,
  aa: {
    perRequest: aa.runs.map(Math.round) as [number, number],
    spreadPct: round(aaSpreadPct, 3),
  },
  targets,
  aa_spread_pct: round(aaSpreadPct, 3),
  instructions_ratio: instructionsRatio,
} satisfies InstructionsResult);

console.log(
  `\n${'variant'.padEnd(62)} ${'per request'.padStart(12)} ${'added'.padEnd(9)} two counts, % apart`,
);
for (const v of result.variants)
  console.log(
    `${v.label.padEnd(62)} ${kilo(v.perRequest).padStart(12)} ` +
      `${addedKilo(v.added).padEnd(9)} ${v.spreadPct}`,
  );
console.log(`\n${seconds} s, load average up to ${result.loadAverage}`);
console.log('');
for (const t of result.targets)
  console.log(
    `${t.label}\n  ${t.value} ${t.op} ${t.bound} ` +
      (t.value <= t.bound ? 'met' : 'MISSED'),
  );
const out = path.resolve(root, options.out);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
console.log(`aa_spread_pct=${result.aa_spread_pct}`);
console.log(`instructions_ratio=${result.instructions_ratio}`);
