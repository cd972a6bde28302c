// docs/data/instructions.json: its shape, the one home of it.
// `npm run bench:instructions` checks its result against this schema before
// writing it; the Performance page gets it through
// theme/instructions.data.ts, which checks it too. Its formatters live in
// ./instructions.ts, without zod, so that the page's bundle has no schema.
import { z } from 'zod';

const Variant = z.object({
  id: z.string(),
  label: z.string(),
  runtime: z.enum(['express', 'fastapi']),
  /** Each of the two counts: the server's total instructions after
   * `warmup + requests` and after `warmup + 3 × requests` requests. */
  counts: z.array(z.tuple([z.number().int(), z.number().int()])).length(2),
  /** Per request between the two totals, for each count, and their mean. */
  runs: z.tuple([z.number(), z.number()]),
  perRequest: z.number(),
  /** How far apart the two counts are, in % of their mean. */
  spreadPct: z.number(),
  /** perRequest minus its runtime's plain server's. */
  added: z.number(),
});

const Target = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number(),
  op: z.literal('<='),
  bound: z.number(),
});

export const InstructionsResult = z.object({
  command: z.string(),
  date: z.string(),
  /** How long the run took, and the machine's 1-minute load average, the
   * highest sampled while it ran: the counts do not depend on either. */
  seconds: z.number(),
  loadAverage: z.number(),
  versions: z.object({
    node: z.string(),
    express: z.string(),
    valgrind: z.string(),
    python: z.string().optional(),
    fastapi: z.string().optional(),
    uvicorn: z.string().optional(),
    starlette: z.string().optional(),
    /** The event loop and HTTP parser uvicorn picked (auto). */
    loop: z.string().optional(),
    http: z.string().optional(),
  }),
  config: z.object({
    route: z.string(),
    nodeFlags: z.array(z.string()),
    pythonEnv: z.string(),
    express: z.object({ warmup: z.number(), requests: z.number() }),
    fastapi: z.object({ warmup: z.number(), requests: z.number() }),
  }),
  peer: z.object({ skipped: z.string() }).optional(),
  variants: z.array(Variant),
  /** The plain Express server's two counts, per request, and how far
   * apart they are, in % of their mean: the method's own noise. */
  aa: z.object({
    perRequest: z.tuple([z.number(), z.number()]),
    spreadPct: z.number(),
  }),
  targets: z.array(Target),
  aa_spread_pct: z.number(),
  instructions_ratio: z.number().nullable(),
});
export type InstructionsResult = z.infer<typeof InstructionsResult>;
