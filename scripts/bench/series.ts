// What `npm run bench` measures: the series (one server driven at one
// concurrency) and the ratios between them. Each series runs once per round.
import type { Ratio } from '../../.vitepress/bench.js';
import type { ServerVariant } from './variants.js';

export const TASK_MS = 500;
const task = `${TASK_MS} ms task`;

export type ServerKey =
  `express:${ServerVariant}` | `fastapi:${'plain' | 'mechanism' | 'slow'}`;
export interface SeriesSpec {
  id: string;
  label: string;
  server: ServerKey;
  concurrency: number;
}

/** `server` at each concurrency in `levels`; ids such as express-plain-c50. */
const at = (server: ServerKey, label: string, levels: number[]) =>
  levels.map((concurrency) => ({
    id: `${server.replace(':', '-')}-c${concurrency}`,
    label,
    server,
    concurrency,
  }));

// In this order in one round and backwards in the next, so the series that
// a ratio compares run close together in time.
export const SERIES: SeriesSpec[] = [
  ...at('express:plain', 'Express, no task', [50]),
  // The plain server again, in a process of its own: the control.
  ...at(
    'express:control',
    'Express, no task, a second process (control)',
    [50],
  ),
  ...at('express:mechanism', 'Express, trivial task, backgroundTasks', [50]),
  ...at('express:slow', `Express, ${task} added`, [50]),
  ...at('express:slow-immediate', `Express, ${task}, setImmediate`, [50]),
  ...at(
    'express:installed',
    'Express, backgroundTasks installed, no task',
    [50],
  ),
  ...at('express:noop', 'Express, a middleware that only calls next()', [50]),
  ...at('express:finish', "Express, trivial task, res.on('finish')", [50]),
  ...at('express:immediate', 'Express, trivial task, setImmediate', [50]),
  ...at('express:awaited', `Express, ${task} awaited in the handler`, [50, 1]),
  ...at('express:slow', `Express, ${task} added`, [1]),
  ...at('express:plain', 'Express, no task', [1]),
];
/** The peer, when a python3 with fastapi and uvicorn is there. */
export const PEER_SERIES: SeriesSpec[] = [
  ...at('fastapi:plain', 'FastAPI, no task', [50]),
  ...at('fastapi:mechanism', 'FastAPI, trivial task, BackgroundTasks', [50]),
  ...at('fastapi:slow', `FastAPI, ${task} added`, [50, 1]),
  ...at('fastapi:plain', 'FastAPI, no task', [1]),
];

export type RatioSpec = Omit<Ratio, 'value'>;
/** numerator ÷ denominator, both series' runs of the same round paired. */
const ratio = (
  id: string,
  label: string,
  [numerator, denominator]: [string, string],
  metric: Ratio['metric'],
  kind: Ratio['kind'] = 'cost',
): RatioSpec => ({ id, label, numerator, denominator, metric, kind });
const added = (c: number): [string, string] => [
  `express-slow-c${c}`,
  `express-plain-c${c}`,
];
const latency = `${task} added ÷ no task`;

export const RATIOS: RatioSpec[] = [
  ratio(
    'control',
    'requests/s, no task, one process ÷ another (control)',
    ['express-control-c50', 'express-plain-c50'],
    'rps',
    'control',
  ),
  ratio('latency-p50-c1', `p50, ${latency}, concurrency 1`, added(1), 'p50'),
  ratio('latency-p99-c1', `p99, ${latency}, concurrency 1`, added(1), 'p99'),
  ratio('latency-p50-c50', `p50, ${latency}, concurrency 50`, added(50), 'p50'),
  {
    ...ratio(
      'latency-p50-c50-vs-immediate',
      `p50, ${task} added ÷ the same task by setImmediate, concurrency 50`,
      ['express-slow-c50', 'express-slow-immediate-c50'],
      'p50',
    ),
    target: { op: '<=', value: 1.05 },
  },
  ratio(
    'latency-p50-c50-immediate',
    `p50, ${task} by setImmediate ÷ no task, concurrency 50`,
    ['express-slow-immediate-c50', 'express-plain-c50'],
    'p50',
  ),
  ratio('latency-p99-c50', `p99, ${latency}, concurrency 50`, added(50), 'p99'),
  {
    ...ratio(
      'throughput',
      'requests/s, trivial task with backgroundTasks ÷ no task',
      ['express-mechanism-c50', 'express-plain-c50'],
      'rps',
    ),
    target: { op: '>=', value: 0.97 },
  },
  ratio(
    'throughput-vs-finish',
    "requests/s, backgroundTasks ÷ res.on('finish')",
    ['express-mechanism-c50', 'express-finish-c50'],
    'rps',
  ),
  ratio(
    'throughput-vs-immediate',
    'requests/s, backgroundTasks ÷ setImmediate',
    ['express-mechanism-c50', 'express-immediate-c50'],
    'rps',
  ),
  ratio(
    'throughput-installed',
    'requests/s, backgroundTasks installed, no task ÷ not installed',
    ['express-installed-c50', 'express-plain-c50'],
    'rps',
  ),
  ratio(
    'throughput-task',
    'requests/s, one trivial task added ÷ none, backgroundTasks installed in both',
    ['express-mechanism-c50', 'express-installed-c50'],
    'rps',
  ),
  ratio(
    'throughput-finish',
    "requests/s, trivial task by res.on('finish') ÷ no task",
    ['express-finish-c50', 'express-plain-c50'],
    'rps',
  ),
  ratio(
    'throughput-immediate',
    'requests/s, trivial task by setImmediate ÷ no task',
    ['express-immediate-c50', 'express-plain-c50'],
    'rps',
  ),
  ratio(
    'throughput-noop',
    'requests/s, a middleware that only calls next() ÷ no middleware',
    ['express-noop-c50', 'express-plain-c50'],
    'rps',
  ),
  ratio(
    'throughput-installed-vs-noop',
    'requests/s, backgroundTasks installed ÷ a middleware that only calls next()',
    ['express-installed-c50', 'express-noop-c50'],
    'rps',
  ),
  ratio(
    'awaited',
    `p50, ${task} awaited ÷ added, concurrency 1`,
    ['express-awaited-c1', 'express-slow-c1'],
    'p50',
    'scale',
  ),
];
export const PEER_RATIOS: RatioSpec[] = [
  ratio(
    'fastapi-latency-p50-c50',
    `FastAPI: p50, ${latency}, concurrency 50`,
    ['fastapi-slow-c50', 'fastapi-plain-c50'],
    'p50',
  ),
  ratio(
    'fastapi-throughput',
    'FastAPI: requests/s, trivial task ÷ no task',
    ['fastapi-mechanism-c50', 'fastapi-plain-c50'],
    'rps',
  ),
  ratio(
    'express-vs-fastapi',
    'requests/s, Express ÷ FastAPI, trivial task',
    ['express-mechanism-c50', 'fastapi-mechanism-c50'],
    'rps',
    'scale',
  ),
];

/** The ids of the two ratios that `npm run bench` ends with, and of the
 * control: the run is noisy if the control falls outside CONTROL_BAND. */
export const HEADLINE = {
  latency_ratio: 'latency-p50-c50-vs-immediate',
  throughput_ratio: 'throughput',
  control: 'control',
} as const;
export const CONTROL_BAND = [0.97, 1.03] as const;
