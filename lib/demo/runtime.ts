// The demos' runtime checks. A demo that depends on a capability a runtime may
// lack checks it at start and prints one line saying what it found; where it
// is missing, the demo takes a path that still teaches. The live sandbox is
// the reason: StackBlitz WebContainers are a Node-compatible runtime in the
// browser, not Node, and lose AsyncLocalStorage context across `await`
// (stackblitz/webcontainer-core#1169). Delete a check, and its fallback, once
// the sandbox is known to have the capability (docs/data/sandbox.json, `live`).
//
// DEMO_FAULTS=async-context,self-signal,tcp,fork-ipc injects the matching
// fault, so each check and each fallback can be forced, and is tested, on a
// machine that has every capability.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export type Fault = 'async-context' | 'self-signal' | 'tcp' | 'fork-ipc';
const FAULTS = ['async-context', 'self-signal', 'tcp', 'fork-ipc'] as const;

/** The faults DEMO_FAULTS asks for; an unknown name is an error, not a no-op. */
export function injectedFaults(env = process.env.DEMO_FAULTS): Set<Fault> {
  const names = (env ?? '').split(',').filter(Boolean);
  for (const name of names)
    if (!(FAULTS as readonly string[]).includes(name))
      throw new Error(
        `DEMO_FAULTS: unknown fault "${name}" (known: ${FAULTS.join(', ')})`,
      );
  return new Set(names as Fault[]);
}
export const faults = injectedFaults();

// A runtime that loses the context: every store reads as empty, as after the
// first `await` in a WebContainer.
if (faults.has('async-context'))
  AsyncLocalStorage.prototype.getStore = () => undefined;
// A runtime where a signal a process sends itself never arrives.
if (faults.has('self-signal')) {
  const kill = process.kill.bind(process);
  process.kill = (pid, signal) => pid === process.pid || kill(pid, signal);
}

/** Prints the check's one line and returns what it found. */
const report = (what: string, ok: boolean, otherwise: string) => {
  console.log(`runtime check: ${what}: ${ok ? 'yes' : `no, ${otherwise}`}`);
  return ok;
};

/** Whether an AsyncLocalStorage store is still there after an `await`. */
export async function checkAsyncContext(otherwise: string) {
  const storage = new AsyncLocalStorage<string>();
  const kept = await storage.run('kept', async () => {
    await sleep(1);
    return storage.getStore() === 'kept';
  });
  return report(
    'AsyncLocalStorage keeps its context across await',
    kept,
    otherwise,
  );
}

/** Whether a signal this process sends itself reaches its handler within
 * `ms`. Uses SIGUSR2, which nothing else here listens to; the handler stays,
 * so a late one is swallowed instead of ending the process. */
export async function checkSelfSignal(otherwise: string, ms = 1000) {
  const arrived = new Promise<true>((resolve) =>
    process.on('SIGUSR2', () => resolve(true)),
  );
  process.kill(process.pid, 'SIGUSR2');
  const ok = await Promise.race([arrived, sleep(ms, false)]);
  return report(
    `a signal sent to this process reaches its handler (within ${ms} ms)`,
    ok,
    otherwise,
  );
}

/** `work`, or after `ms` one line naming what it waited for, and exit 1. */
export async function within<T>(
  ms: number,
  what: string,
  work: Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`gave up after ${ms} ms waiting for ${what}`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, gaveUp]);
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('gave up')))
      throw error;
    console.log(error.message);
    process.exit(1);
  } finally {
    clearTimeout(timer);
  }
}
