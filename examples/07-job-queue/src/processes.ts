// Starts one of this example's scripts as a Node process of its own, with an
// IPC channel for its reports: how the demo and the tests run workers.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerEvent } from './work.js';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildScript<M> {
  pid: number;
  /** Every message the process has sent, in order. */
  readonly messages: readonly M[];
  /** The first message, sent so far or later, that `match` accepts.
   * Rejects if the process exits without sending one. */
  waitFor(match: (message: M) => boolean): Promise<M>;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
  readonly exited: Promise<Exit>;
}

export function startScript<M>(
  script: string,
  env: Record<string, string>,
  onMessage?: (message: M) => void,
): ChildScript<M> {
  const child = fork(script, {
    cwd: exampleDir,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
  });
  const messages: M[] = [];
  const listeners = new Set<() => void>();
  child.on('message', (message) => {
    messages.push(message as M);
    onMessage?.(message as M);
    for (const listener of listeners) listener();
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const waitFor = (match: (message: M) => boolean) =>
    new Promise<M>((resolve, reject) => {
      const check = () => {
        const found = messages.find(match);
        if (found) {
          listeners.delete(check);
          resolve(found);
        }
      };
      listeners.add(check);
      check();
      void exited.then(({ code, signal }) => {
        listeners.delete(check);
        reject(new Error(`${script} exited (${signal ?? code}) first`));
      });
    });

  return {
    pid: child.pid!,
    messages,
    waitFor,
    kill(signal) {
      child.kill(signal);
      return exited;
    },
    exited,
  };
}

/** A worker process (src/worker.ts), once it is ready for jobs. */
export async function startWorker(
  env: { DATABASE_URL: string; EMAIL_API_URL: string },
  onEvent?: (event: WorkerEvent) => void,
) {
  const worker = startScript<WorkerEvent>('src/worker.ts', env, onEvent);
  await worker.waitFor((event) => event.type === 'ready');
  return worker;
}
