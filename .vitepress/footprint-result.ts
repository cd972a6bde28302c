// docs/data/footprint.json: its shape, the one home of it. `npm run footprint`
// (scripts/footprint.ts) writes it; page 07 reads it through
// theme/footprint.data.ts, which checks it against this schema.
import { z } from 'zod';

const Install = z.object({
  /** MB of node_modules after `npm ci`, as the sandbox installs. */
  full: z.number(),
  /** The same with `--omit=dev`, as a production image installs. */
  omitDev: z.number(),
});

export const Footprint = z.object({
  command: z.literal('npm run footprint'),
  date: z.string(),
  /** How long the whole measurement took. */
  seconds: z.number(),
  machine: z.object({
    cores: z.number().int(),
    node: z.string(),
    /** The 1-minute load average before and after: start-up times and
     * peaks measured under load are inflated. */
    load: z.object({ before: z.number(), after: z.number() }),
  }),
  versions: z.record(z.string(), z.string()),
  installs: z.object({ '07-job-queue': Install, '02-use-case': Install }),
  /** `npm start`'s largest process at its peak, MB RSS. */
  startPeak: z.object({
    '07-job-queue': z.number(),
    '02-use-case': z.number(),
  }),
  /** A worker process once ready, MB RSS. */
  workerRssMB: z.number(),
  /** What PGlite.create() adds to its process (MB RSS), and takes (s). */
  pglite: z.object({ rssMB: z.number(), startSeconds: z.number() }),
  /** A new PostgreSQL server: idle PSS of its processes (MB), and the time
   * to create and start it (s). */
  postgres: z.object({
    pssMB: z.number(),
    processes: z.number().int(),
    startSeconds: z.number(),
  }),
});
export type Footprint = z.infer<typeof Footprint>;
