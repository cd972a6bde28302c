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
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

type Fault = 'async-context' | 'self-signal' | 'tcp' | 'fork-ipc';
const FAULTS = ['async-context', 'self-signal', 'tcp', 'fork-ipc'] as const;

/** The faults DEMO_FAULTS asks for; an unknown name is an error, not a no-op. */
function injectedFaults(env = process.env.DEMO_FAULTS): Set<Fault> {
  const names = (env ?? '').split(',').filter(Boolean);
  for (const name of names)
    if (!(FAULTS as readonly string[]).includes(name))
      throw new Error(
        `DEMO_FAULTS: unknown fault "${name}" (known: ${FAULTS.join(', ')})`,
      );
  return new Set(names as Fault[]);
}
const faults = injectedFaults();

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
    'AsyncLocalStorage keeps context across await',
    kept,
    otherwise,
  );
}

/** `work`, or `false` once `ms` have passed; the timer ends with the race, so
 * it keeps the process alive only while the check runs (a 30 s timer left
 * running held example 07's npm start open ~15 s after its last line). */
async function bounded<T>(work: Promise<T>, ms: number) {
  const done = new AbortController();
  try {
    return await Promise.race([
      work,
      sleep(ms, false as const, { signal: done.signal }),
    ]);
  } finally {
    done.abort(); // the race has settled: its rejection goes nowhere
  }
}

/** Whether a signal this process sends itself reaches its handler within
 * `ms`. Uses SIGUSR2, which nothing else here listens to; the handler stays,
 * so a late one is swallowed instead of ending the process. */
export async function checkSelfSignal(otherwise: string, ms = 1000) {
  const arrived = new Promise<true>((resolve) =>
    process.on('SIGUSR2', () => resolve(true)),
  );
  process.kill(process.pid, 'SIGUSR2');
  const ok = await bounded(arrived, ms);
  return report(`a self-sent signal arrives (${ms} ms)`, ok, otherwise);
}

/** Whether a process this one forks (this file, as its main module: see the
 * end) reaches it over the
 * fork's IPC channel, and over TCP on 127.0.0.1. One line for each. The
 * probe ends once it has tried both; `ms` bounds a probe that hangs. */
export async function checkProcesses(
  otherwise: { ipc: string; tcp: string },
  ms = 30_000,
) {
  let ipc = false;
  let tcp = false;
  const server = createServer((socket) => {
    tcp = true;
    socket.once('data', () => socket.end()).on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const child = fork(fileURLToPath(import.meta.url), [String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  child.on('message', () => (ipc = true));
  // 'close': the child has exited and its IPC channel is read to the end.
  const ended = once(child, 'close').then(
    () => true,
    () => true, // the fork failed
  );
  if (!(await bounded(ended, ms))) child.kill();
  server.close();
  return {
    ipc: report('a fork()ed process reports over IPC', ipc, otherwise.ipc),
    tcp: report('a fork()ed process connects over TCP', tcp, otherwise.tcp),
  };
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

// Forked by checkProcesses(): say hello to the parent over the IPC channel,
// and over TCP on its port (the one argument), then exit once the parent has
// closed the connection. The faults (the environment is inherited) skip either.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!faults.has('fork-ipc')) process.send?.('hello over IPC');
  if (!faults.has('tcp')) {
    const socket = connect(Number(process.argv[2]), '127.0.0.1', () =>
      socket.write('hello over TCP'),
    );
    socket.on('error', () => {}); // the parent's check says so
    socket.on('close', () => process.disconnect?.());
  } else process.disconnect?.();
}
