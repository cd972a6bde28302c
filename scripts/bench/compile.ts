// The bench runs its Express servers as JavaScript compiled by tsc, as an app
// runs in production, not through tsx: tsx's transform wraps every function
// in a call that names it, so each closure a request creates costs one more
// Object.defineProperty than it does in compiled code.
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const emitOptions = [
  ...['--module', 'nodenext', '--moduleResolution', 'nodenext'],
  ...['--target', 'es2023', '--types', 'node'],
  ...['--skipLibCheck', '--noCheck'], // npm run typecheck checks them
];

/** Compiles `entry` and what it imports into `outDir`, under `rootDir`. */
async function tsc(
  root: string,
  entry: string,
  rootDir: string,
  outDir: string,
) {
  await promisify(execFile)(
    path.join(root, 'node_modules/.bin/tsc'),
    [entry, '--rootDir', rootDir, '--outDir', outDir, ...emitOptions],
    { cwd: root },
  );
}

/**
 * The server, compiled into node_modules/.cache/bench/PID (under
 * node_modules so that its imports resolve from the repository's; per
 * process so that two benches running at once do not overwrite each
 * other's servers), and `mechanism`, another checkout's
 * lib/background-tasks.ts, if given.
 */
export async function compileServers(root: string, mechanism?: string) {
  const out = path.join(root, 'node_modules/.cache/bench', `${process.pid}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  // Under node_modules, Node looks no further up for "type": the repo's own.
  await writeFile(path.join(out, 'package.json'), '{ "type": "module" }\n');
  await tsc(root, path.join(root, 'scripts/bench/server.ts'), root, out);
  const compiled = {
    server: path.join(out, 'scripts/bench/server.js'),
    mechanism: undefined as string | undefined,
  };
  if (mechanism) {
    const dir = path.join(out, 'mechanism');
    await tsc(root, mechanism, path.dirname(mechanism), dir);
    compiled.mechanism = path.join(
      dir,
      path.basename(mechanism).replace(/\.ts$/, '.js'),
    );
  }
  return compiled;
}
