// Runs the example as a real process, the way a deploy does: its output
// line by line, real signals, and how it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  process: ChildProcess;
  /** Writes to its stdin (started with `{ stdin: true }`). */
  type(text: string): void;
  /** stdout and stderr, line by line, as they came. */
  lines: string[];
  /** Resolves with the first line matching `pattern`, now or later. */
  line(pattern: RegExp): Promise<string>;
  /** How the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The app's port, from its "listening on" line. */
  port: Promise<number>;
}

/** `command args` in the example directory, in a process group of its own
 * (so a test can signal the whole group, as a terminal's Ctrl-C does). */
export function start(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  { stdin = false } = {},
): Child {
  const child = spawn(command, args, {
    cwd: exampleDir,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const lines: string[] = [];
  const waiting = new Set<{ pattern: RegExp; found: (l: string) => void }>();
  const exited = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const l of parts) {
        lines.push(l);
        for (const w of waiting)
          if (w.pattern.test(l)) (waiting.delete(w), w.found(l));
      }
    });
  }
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return resolve(seen);
      waiting.add({ pattern, found: resolve });
      void exited.then(() =>
        reject(new Error(`exited before ${pattern}:\n${lines.join('\n')}`)),
      );
    });
  const port = line(/^listening on /).then((l) => Number(/:(\d+)/.exec(l)![1]));
  const type = (text: string) => void child.stdin!.write(text);
  return { process: child, type, lines, line, exited, port };
}

/** The example's server with a confirmation the test drives. */
export const controlledServer = (
  deadlineMs = 5000,
  env: Record<string, string> = {},
) =>
  start(process.execPath, ['--import', 'tsx', 'test/controlled-server.ts'], {
    SHUTDOWN_DEADLINE_MS: String(deadlineMs),
    ...env,
  });

/** Whether a process with this pid still exists. */
export function alive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited process that its parent has not reaped yet (a zombie) still
  // answers kill(pid, 0). nodemon starts the new app before the old one is
  // reaped, so on Linux read its state: Z means it has already exited.
  if (!existsSync('/proc/self/stat')) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false; // reaped in between
  }
}

/** POST /orders with this email; the status and body. */
export async function order(port: number, email: string) {
  const res = await fetch(`http://127.0.0.1:${port}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { order_id: string },
  };
}

/** Kills whatever is left of the child's process group, orphans included,
 * and resolves once its output has closed. */
export async function stop(child: Child) {
  try {
    process.kill(-child.process.pid!, 'SIGKILL');
  } catch {
    // ESRCH: nothing of the group is left
  }
  await child.exited;
}
