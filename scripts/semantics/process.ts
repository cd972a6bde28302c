// One system under test as a child process: its JSON lines on stdout as
// events (stamped when they arrive here), all its output kept as text, and
// until(), a wait for what it has printed.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface Launch {
  cmd: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** The port, from a line that is not JSON (next start prints a URL). */
  portLine?: RegExp;
}

export interface Event {
  ev: string;
  id: string;
  task?: string;
  value?: unknown;
  how?: string | null;
  /** performance.now() here, when the line arrived. */
  at: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class Running {
  readonly events: Event[] = [];
  output = '';
  port = 0;
  exit?: Exit;
  readonly exited: Promise<Exit>;
  #child;
  #waiters = new Set<() => void>();

  constructor(launch: Launch) {
    this.#child = spawn(launch.cmd, launch.args, {
      cwd: launch.cwd,
      env: { ...process.env, ...launch.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, so that stop() also ends what the app
      // started: miniflare's workerd outlives a killed miniflare.
      detached: true,
    });
    let rest = '';
    this.#child.stdout.on('data', (chunk: Buffer) => {
      const at = performance.now();
      this.output += chunk;
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) this.#line(line, at, launch.portLine);
      this.#wake();
    });
    this.#child.stderr.on('data', (chunk: Buffer) => {
      this.output += chunk;
      this.#wake();
    });
    this.exited = once(this.#child, 'exit').then(([code, signal]) => {
      this.exit = { code, signal };
      this.#wake();
      return this.exit;
    });
  }

  #line(line: string, at: number, portLine?: RegExp) {
    const port = portLine?.exec(line)?.[1];
    if (port && !this.port) this.port = Number(port);
    if (!line.startsWith('{')) return;
    try {
      const event = JSON.parse(line) as Event & { port?: number };
      if (typeof event.ev !== 'string') return;
      if (event.ev === 'listening') this.port = event.port!;
      this.events.push({ ...event, at });
    } catch {
      // a log line that is not ours
    }
  }

  #wake() {
    for (const wake of this.#waiters) wake();
  }

  /** Resolves true once `test()` holds, false after `ms` (or if the
   * process is gone and it still does not hold). */
  until(test: () => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (!test() && !this.exit) return;
        finish(test());
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(test()), ms);
      this.#waiters.add(check);
      check();
    });
  }

  /** The first event of `ev` for request `id` (and `task`), if any. */
  find(ev: string, id: string, task?: string) {
    return this.events.find(
      (e) => e.ev === ev && e.id === id && (!task || e.task === task),
    );
  }

  async listening(ms = 60_000) {
    const up = await this.until(() => this.port > 0, ms);
    if (!up) {
      this.kill('SIGKILL');
      throw new Error(`did not start listening:\n${this.output.slice(-2000)}`);
    }
    return this;
  }

  get alive() {
    return !this.exit;
  }

  kill(signal: NodeJS.Signals) {
    if (!this.exit) this.#child.kill(signal);
  }

  /** Ends the app and everything it started. */
  async stop() {
    try {
      process.kill(-this.#child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    await this.exited;
  }
}
