// The seven systems: how to start each, its versions, and whether it can
// run here. The two Express rows need only the root's packages (npm test
// runs them); the peers need semantics/'s own (npm run semantics installs
// them from semantics/package-lock.json) and Python's from Debian.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython } from '../bench/python.js';
import type { Launch } from './process.js';
import type { SystemUnderTest } from './scenarios.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const peersDir = path.join(root, 'semantics');
const apps = path.join(peersDir, 'apps');

/** The installed version of a package, from the root's or the peers'. */
function installed(name: string, dir = peersDir) {
  const file = path.join(dir, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string })
    .version;
}

const node = { node: process.versions.node };
// node --import tsx, not the tsx binary: signals reach the app itself.
const tsxApp = (file: string, env: Record<string, string> = {}): Launch => ({
  cmd: process.execPath,
  args: ['--import', 'tsx', path.join(apps, file)],
  cwd: root,
  env,
});

export interface SystemSpec {
  sut: SystemUnderTest;
  name: string;
  short: string;
  mechanism: string;
  /** The framework's version; throws if it is not installed. */
  version: () => string;
  versions: () => Record<string, string>;
  source: string[];
  /** Why it cannot run here, if it cannot. */
  unavailable?: () => Promise<string | undefined>;
  /** Done once before its scenarios (next build). */
  prepare?: () => Promise<void>;
  peer: boolean;
}

const testAwaitFromDocs = (evidence: string) => ({
  outcome: 'no',
  evidence,
});

export const expressRows: SystemSpec[] = [
  {
    name: 'Express 5 + backgroundTasks (this site)',
    short: 'this site',
    mechanism: 'res.backgroundTasks.add(fn)',
    sut: {
      id: 'express-tasks',
      launch: tsxApp('express-tasks.ts'),
      test: tsxApp('express-tasks.ts', { SEM_TEST: '1' }),
      limitProbeMs: 2500,
      timeoutReport: /TaskTimeoutError: task \w+ still running after \d+ ms/,
    },
    version: () => installed('express', root),
    versions: () => ({ express: installed('express', root), ...node }),
    source: ['semantics/apps/express-tasks.ts', 'semantics/apps/kinds.mjs'],
    peer: false,
  },
  {
    name: 'Express 5 + res.on(’finish’)',
    short: 'Express finish',
    mechanism: "res.on('finish', () => fn())",
    sut: {
      id: 'express-finish',
      launch: tsxApp('express-finish.ts'),
      test: tsxApp('express-finish.ts', { SEM_TEST: '1' }),
      limitProbeMs: 2500,
    },
    version: () => installed('express', root),
    versions: () => ({ express: installed('express', root), ...node }),
    source: ['semantics/apps/express-finish.ts', 'semantics/apps/kinds.mjs'],
    peer: false,
  },
];

const nextDir = path.join(peersDir, 'next');
const nextBin = path.join(peersDir, 'node_modules/next/dist/bin/next');
const miniflareHost = path.join(peersDir, 'workers/host.mjs');
const nodeEnv = { NEXT_TELEMETRY_DISABLED: '1' };

const peerRows: SystemSpec[] = [
  {
    name: 'Fastify 5',
    short: 'Fastify',
    mechanism: 'an onResponse hook runs the tasks the request collected',
    sut: {
      id: 'fastify',
      launch: tsxApp('fastify.ts'),
      test: tsxApp('fastify.ts', { SEM_TEST: '1' }),
      limitProbeMs: 2500,
    },
    version: () => installed('fastify'),
    versions: () => ({ fastify: installed('fastify'), ...node }),
    source: ['semantics/apps/fastify.ts', 'semantics/apps/kinds.mjs'],
    peer: true,
  },
  {
    name: 'Next.js after()',
    short: 'Next.js',
    mechanism: 'after(fn) in a Route Handler, next build + next start',
    sut: {
      id: 'next',
      launch: {
        cmd: process.execPath,
        args: [nextBin, 'start', nextDir, '-p', '0', '-H', '127.0.0.1'],
        cwd: peersDir,
        env: nodeEnv,
        portLine: /Local:\s+http:\/\/127\.0\.0\.1:(\d+)/,
      },
      noTest: testAwaitFromDocs(
        'after() has no test hook: a test can only wait for what the callback does',
      ),
      limitProbeMs: 2500,
    },
    version: () => installed('next'),
    versions: () => ({
      next: installed('next'),
      react: installed('react'),
      ...node,
    }),
    source: ['semantics/next/app/order/route.js', 'semantics/apps/kinds.mjs'],
    async prepare() {
      const { Running } = await import('./process.js');
      const build = new Running({
        cmd: process.execPath,
        args: [nextBin, 'build', nextDir],
        cwd: peersDir,
        env: nodeEnv,
      });
      const exit = await build.exited;
      if (exit.code !== 0)
        throw new Error(`next build failed:\n${build.output.slice(-2000)}`);
    },
    peer: true,
  },
  {
    name: 'Hono on Node',
    short: 'Hono (Node)',
    mechanism:
      'c.executionCtx.waitUntil where getRuntimeKey() is workerd, a promise left running elsewhere',
    sut: {
      id: 'hono-node',
      launch: tsxApp('hono.ts'),
      test: tsxApp('hono.ts', { SEM_TEST: '1' }),
      limitProbeMs: 2500,
    },
    version: () => installed('hono'),
    versions: () => ({
      hono: installed('hono'),
      '@hono/node-server': installed('@hono/node-server'),
      ...node,
    }),
    source: ['semantics/apps/hono.ts', 'semantics/apps/kinds.mjs'],
    peer: true,
  },
  {
    name: 'Cloudflare Workers (workerd)',
    short: 'Workers',
    mechanism: 'ctx.waitUntil(promise), under workerd via miniflare',
    sut: {
      id: 'workers',
      launch: { cmd: process.execPath, args: [miniflareHost], cwd: peersDir },
      test: {
        cmd: process.execPath,
        args: [miniflareHost],
        cwd: peersDir,
        env: { SEM_TEST: '1' },
      },
      // Cloudflare documents 30 s after the response for waitUntil.
      limitProbeMs: 35_000,
    },
    version: () => installed('workerd'),
    versions: () => ({
      workerd: installed('workerd'),
      miniflare: installed('miniflare'),
      ...node,
    }),
    source: [
      'semantics/workers/worker.mjs',
      'semantics/workers/host.mjs',
      'semantics/apps/kinds.mjs',
    ],
    peer: true,
  },
];

/** FastAPI runs on the python3 that imports it (scripts/bench/python.ts). */
let python: Awaited<ReturnType<typeof findPython>> | undefined;
const pythonFound = async () => (python ??= await findPython());
const fastapiApp = path.join(peersDir, 'fastapi_app.py');
const pythonLaunch = (env: Record<string, string> = {}): Launch => ({
  cmd: python && 'executable' in python ? python.executable : 'python3',
  args: [fastapiApp],
  cwd: peersDir,
  env,
});

const fastapiRow: SystemSpec = {
  name: 'FastAPI BackgroundTasks',
  short: 'FastAPI',
  mechanism: 'background_tasks.add_task(fn), under uvicorn',
  sut: {
    id: 'fastapi',
    get launch() {
      return pythonLaunch();
    },
    get test() {
      return pythonLaunch({ SEM_TEST: '1' });
    },
    limitProbeMs: 2500,
  },
  version: () => (python && 'fastapi' in python ? python.fastapi : 'none'),
  versions: (): Record<string, string> =>
    python && 'fastapi' in python
      ? {
          fastapi: python.fastapi,
          starlette: python.starlette,
          uvicorn: python.uvicorn,
          python: python.python,
        }
      : {},
  source: ['semantics/fastapi_app.py'],
  async unavailable() {
    const found = await pythonFound();
    return 'skipped' in found ? found.skipped : undefined;
  },
  peer: true,
};

export const allSystems = [...expressRows, ...peerRows, fastapiRow];
