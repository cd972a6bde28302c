// docs/data/bench.json: its shape, the one home of it. `npm run bench` checks
// its result against this schema before writing it; the Performance page gets
// it through theme/bench.data.ts, which checks it too. (The figures are
// written out by bench.ts, which imports no zod: the chart ships to readers.)
import { z } from 'zod';

/** A figure over the rounds: the median, and the spread (min to max). */
const Spread = z.object({
  median: z.number(),
  min: z.number(),
  max: z.number(),
});

const Series = z.object({
  id: z.string(),
  label: z.string(),
  server: z.enum(['express', 'fastapi']),
  concurrency: z.number().int().positive(),
  /** Responses per second, and latency percentiles in ms. */
  rps: Spread,
  p50: Spread,
  p99: Spread,
  /** The server's CPU time per response, in µs, its tasks' included. */
  cpuUs: Spread,
  /** 2xx responses, summed over the rounds. */
  responses: z.number().int(),
});

const Ratio = z.object({
  id: z.string(),
  label: z.string(),
  numerator: z.string(),
  denominator: z.string(),
  metric: z.enum(['rps', 'p50', 'p99']),
  /** cost: what one way costs against another, near 1 (the chart shows
   * these); scale: how far apart two things are; control: one server ÷
   * itself in another process, the run's own noise. */
  kind: z.enum(['cost', 'scale', 'control']),
  /** One ratio per round, of the two series measured in that round. */
  value: Spread,
  target: z.object({ op: z.enum(['<=', '>=']), value: z.number() }).optional(),
});

const Peer = z.union([
  z.object({
    python: z.string(),
    fastapi: z.string(),
    uvicorn: z.string(),
    starlette: z.string(),
    pydantic: z.string(),
    /** The event loop and HTTP parser uvicorn picked (auto). */
    loop: z.string(),
    http: z.string(),
  }),
  z.object({ skipped: z.string() }),
]);

const QueueRun = z.object({
  database: z.enum(['PGlite', 'PostgreSQL']),
  /** How often example 07's worker looks for jobs. */
  pollingSeconds: z.number(),
  /** Created to started, both stamped by the database, in ms. */
  startLatencyMs: Spread,
  jobs: z.number().int(),
  /** Orders placed one after another for the throughput figures. */
  backlog: z.number().int(),
  /** How many jobs the draining worker fetches at a time. */
  drainBatchSize: z.number().int(),
  /** Orders with their job committed per second, on one connection. */
  enqueuePerSecond: z.number(),
  /** Jobs completed per second by one worker process. */
  jobsPerSecond: z.number(),
});

export const BenchResult = z.object({
  command: z.string(),
  date: z.string(),
  machine: z.object({
    cores: z.number().int(),
    cpu: z.string(),
    node: z.string(),
    os: z.string(),
  }),
  config: z.object({
    generator: z.string(),
    rounds: z.number().int(),
    secondsPerRun: z.number(),
    /** The pause before each run; absent in records made before it. */
    settleMs: z.number().optional(),
    taskMs: z.number(),
    route: z.string(),
  }),
  peer: Peer,
  series: z.array(Series),
  ratios: z.array(Ratio),
  jobQueue: z.union([
    z.object({ runs: z.array(QueueRun) }),
    z.object({ skipped: z.string() }),
  ]),
  /** The two headline ratios' medians; null if --only left them out. */
  latency_ratio: z.number().nullable(),
  throughput_ratio: z.number().nullable(),
  /** The control ratio's median; absent in records made before it. */
  control: z.number().nullable().optional(),
});
export type BenchResult = z.infer<typeof BenchResult>;
export type Series = z.infer<typeof Series>;
export type Spread = z.infer<typeof Spread>;
export type Ratio = z.infer<typeof Ratio>;
export type QueueRun = z.infer<typeof QueueRun>;
