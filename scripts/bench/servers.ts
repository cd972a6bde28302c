// The bench's servers: each a process of its own, listening on a free port
// of 127.0.0.1 that it prints as its first line of output.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

interface Stats {
  added: number;
  run: number;
  cpuUs: number;
}

export interface BenchServer {
  /** POST /orders on it. */
  url: string;
  /** Tasks added and run so far, and the CPU time used, in µs. */
  stats(): Promise<Stats>;
  stop(): Promise<void>;
}

export async function startServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  /** How long it may take to answer once it has printed its port. */
  readyMs = 5000,
): Promise<BenchServer> {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const [line] = (await Promise.race([
    once(createInterface({ input: child.stdout }), 'line'),
    exited.then(([code]) => {
      throw new Error(`${command} ${args.join(' ')} exited (${code})`);
    }),
  ])) as [string];
  const base = `http://127.0.0.1:${Number(line)}`;
  const stats = async () =>
    (await (await fetch(`${base}/stats`)).json()) as Stats;
  // Listening once /stats answers.
  for (let tries = 0; ; tries++) {
    try {
      await stats();
      break;
    } catch (error) {
      if (tries * 50 >= readyMs) throw error;
      await sleep(50);
    }
  }
  return {
    url: `${base}/orders`,
    stats,
    async stop() {
      child.kill();
      await exited;
    },
  };
}

/** Waits until every task added so far has run, for up to `timeoutMs`. */
export async function settle(server: BenchServer, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await server.stats();
    if (stats.run >= stats.added) return stats;
    if (Date.now() > deadline)
      throw new Error(
        `${server.url}: ${stats.added - stats.run} tasks still pending`,
      );
    await sleep(20);
  }
}
