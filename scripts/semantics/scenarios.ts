// The black-box scenarios: each sends real HTTP requests (or real signals)
// to a system and reads the JSON lines its tasks print (semantics/apps/
// kinds.mjs). Every system runs the same code; a cell is what it observed.
import { Agent, request } from 'node:http';
import { Running, type Launch } from './process.js';

export interface SystemUnderTest {
  id: string;
  launch: Launch;
  /** The app in test mode (SEM_TEST=1): a test's request, then whatever
   * the system offers to wait for its tasks. */
  test?: Launch;
  /** Without a test mode: the cell, from the system's docs. */
  noTest?: { outcome: string; evidence: string };
  /** How long the limit scenario's slow task runs. */
  limitProbeMs: number;
  /** Output that says a task was reported at its deadline. */
  timeoutReport?: RegExp;
}

export interface Observation {
  outcome: string;
  evidence: string;
}

/** One system's processes: the shared app (the scenarios on it use
 * requests of their own), and fresh ones for crashes and signals. */
export class Session {
  #app?: Promise<Running>;
  #all: Running[] = [];
  constructor(readonly sut: SystemUnderTest) {}

  app() {
    return (this.#app ??= this.fresh());
  }

  fresh() {
    const running = new Running(this.sut.launch);
    this.#all.push(running);
    return running.listening();
  }

  async close() {
    await Promise.all(this.#all.map((r) => r.stop()));
  }

  /** What the apps reported about their mechanism ('probe' lines). */
  notes() {
    const seen = this.#all
      .flatMap((r) => r.events)
      .filter((e) => e.ev === 'probe')
      .map((e) =>
        Object.entries(e)
          .filter(([key]) => !['ev', 'id', 'task', 't', 'at'].includes(key))
          .map(([key, value]) => `${key}: ${String(value)}`)
          .join(', '),
      );
    return [...new Set(seen)];
  }
}

let counter = 0;
const newId = (prefix: string) => `${prefix}-${++counter}`;

/** POST /order; resolves once the whole response has arrived. A new
 * connection each time unless `agent` keeps them (the load scenario's
 * own): a kept-alive socket the server closes while idle would fail a
 * later request for a reason of the client's. */
function post(app: Running, kind: string, id: string, ms = 0, agent?: Agent) {
  return new Promise<{ status: number }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: app.port,
        method: 'POST',
        path: `/order?kind=${kind}&id=${id}&ms=${ms}`,
        agent: agent ?? false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode! }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const ms = (n: number) => `${Math.round(n)} ms`;
/** Whether the output mentions `text`: was it logged? */
const logged = (app: Running, text: string) => app.output.includes(text);
const died = (app: Running) =>
  app.exit
    ? `the process exited (${app.exit.signal ?? `code ${app.exit.code}`})`
    : '';

/** Waits up to `grace` ms for a task that may never run. */
const GRACE = 1000;

export interface Scenario {
  id: string;
  title: string;
  how: string;
  run(session: Session): Promise<Observation>;
}

export const scenarios: Scenario[] = [
  {
    id: 'response-first',
    title: 'The response leaves before the task starts',
    how: 'The handler adds a task, then answers 1 s later: did the task start before the handler returned?',
    async run(session) {
      const app = await session.app();
      const id = newId('first');
      await post(app, 'abort', id);
      // Both lines may come after the response (workerd's pass through
      // miniflare's output).
      await app.until(
        () => !!app.find('start', id) && !!app.find('handler-return', id),
        5000,
      );
      const start = app.find('start', id);
      const returned = app.find('handler-return', id);
      if (!start || !returned)
        return { outcome: 'never ran', evidence: 'no task start seen in 5 s' };
      // Both lines come from the app's own output, in its order.
      return app.events.indexOf(start) > app.events.indexOf(returned)
        ? {
            outcome: 'yes',
            evidence: 'the task started after the handler had returned',
          }
        : {
            outcome: 'no: starts at once',
            evidence: `the task started when it was added, ${ms(returned.at - start.at)} before the handler returned`,
          };
    },
  },
  {
    id: 'order',
    title: 'Two tasks keep their order',
    how: 'Tasks A (20 ms) and B are added in that order.',
    async run(session) {
      const app = await session.app();
      const id = newId('order');
      await post(app, 'two', id);
      await app.until(
        () => !!app.find('end', id, 'second') && !!app.find('end', id, 'first'),
        5000,
      );
      const seen = app.events
        .filter((e) => e.id === id && (e.ev === 'start' || e.ev === 'end'))
        .map((e) => `${e.task === 'first' ? 'A' : 'B'} ${e.ev}`);
      const evidence = seen.join(', ') || 'no task ran';
      if (seen.join() === 'A start,A end,B start,B end')
        return { outcome: 'in order, one at a time', evidence };
      if (seen.length === 4) return { outcome: 'side by side', evidence };
      return { outcome: 'not both ran', evidence };
    },
  },
  {
    id: 'task-throws',
    title: 'A task throws',
    how: 'Task A throws, task B is added after it: does B run, does the process live, is the error logged?',
    async run(session) {
      // A process of its own: this one may crash.
      const app = await session.fresh();
      const id = newId('throw');
      await post(app, 'throw', id);
      await app.until(
        () => !!app.find('end', id, 'after') && logged(app, `boom-${id}`),
        GRACE,
      );
      // An unhandled error may take a moment to end the process.
      await app.until(() => !app.alive, 2 * GRACE);
      const next = !!app.find('end', id, 'after');
      const log = logged(app, `boom-${id}`);
      const dead = died(app);
      const evidence = [
        next ? 'B ran' : 'B never ran',
        log ? 'the error was logged' : 'nothing logged',
        dead || 'the process lives',
      ].join('; ');
      if (dead) return { outcome: 'process crashes', evidence };
      return {
        outcome: `${next ? 'next runs' : 'rest skipped'}, ${log ? 'logged' : 'silent'}`,
        evidence,
      };
    },
  },
  {
    id: 'client-error',
    title: 'A 4xx response',
    how: 'The handler adds a task, then answers 400 the framework’s usual way.',
    async run(session) {
      const app = await session.app();
      const id = newId('c4xx');
      const { status } = await post(app, 'client-error', id);
      const ran = await app.until(() => !!app.find('end', id), GRACE);
      return {
        outcome: ran ? 'task runs' : 'task dropped',
        evidence: `status ${status}; the task ${ran ? 'ran' : `did not run within ${ms(GRACE)}`}`,
      };
    },
  },
  {
    id: 'server-error',
    title: 'The handler throws (5xx)',
    how: 'The handler adds a task, then throws an Error.',
    async run(session) {
      const app = await session.app();
      const id = newId('c5xx');
      const { status } = await post(app, 'server-error', id);
      const ran = await app.until(() => !!app.find('end', id), GRACE);
      return {
        outcome: ran ? 'task runs' : 'task dropped',
        evidence: `status ${status}; the task ${ran ? 'ran' : `did not run within ${ms(GRACE)}`}`,
      };
    },
  },
  {
    id: 'client-abort',
    title: 'The client aborts mid-handler',
    how: 'The handler adds a task and answers 1 s later; the client hangs up before that.',
    async run(session) {
      const app = await session.app();
      const id = newId('abort');
      const req = request({
        host: '127.0.0.1',
        port: app.port,
        method: 'POST',
        path: `/order?kind=abort&id=${id}`,
      });
      req.on('error', () => {});
      req.end();
      await app.until(() => !!app.find('handler', id), 5000);
      req.destroy();
      const ran = await app.until(
        () => !!app.find('end', id),
        1000 + 2 * GRACE,
      );
      return {
        outcome: ran ? 'task runs' : 'task lost',
        evidence: `the client closed its socket once the handler had started; the task ${ran ? 'ran' : `did not run within ${ms(1000 + 2 * GRACE)}`}`,
      };
    },
  },
  {
    id: 'late-add',
    title: 'A task added after the response ended',
    how: 'A timer adds a task 100 ms after the handler returned.',
    async run(session) {
      const app = await session.app();
      const id = newId('late');
      await post(app, 'late', id);
      const ran = await app.until(() => !!app.find('end', id), 100 + GRACE);
      return {
        outcome: ran ? 'task runs' : 'task lost',
        evidence: ran
          ? 'the late task ran'
          : `the late task did not run within ${ms(100 + GRACE)}`,
      };
    },
  },
  {
    id: 'nested',
    title: 'A task that adds a task',
    how: 'Task A adds task B while it runs.',
    async run(session) {
      const app = await session.app();
      const id = newId('nest');
      await post(app, 'nested', id);
      const ran = await app.until(() => !!app.find('end', id, 'inner'), GRACE);
      const outerEnd = app.find('end', id, 'outer');
      const innerStart = app.find('start', id, 'inner');
      if (!ran)
        return {
          outcome: 'task lost',
          evidence: `B did not run within ${ms(GRACE)}`,
        };
      const after =
        outerEnd &&
        innerStart &&
        app.events.indexOf(innerStart) > app.events.indexOf(outerEnd);
      return {
        outcome: 'task runs',
        evidence: after
          ? 'B ran after A ended'
          : 'B started while A was still running',
      };
    },
  },
  {
    id: 'context',
    title: 'The request’s context inside the task',
    how: 'The handler runs in AsyncLocalStorage.run(id) (a contextvars.ContextVar in Python); the task reads it.',
    async run(session) {
      const app = await session.app();
      const id = newId('ctx');
      await post(app, 'context', id);
      await app.until(() => !!app.find('context', id), GRACE);
      const seen = app.find('context', id);
      if (!seen)
        return { outcome: 'task lost', evidence: 'the task did not run' };
      return seen.value === id
        ? {
            outcome: 'kept',
            evidence: `the task read ${JSON.stringify(seen.value)}`,
          }
        : {
            outcome: 'lost',
            evidence: `the task read ${JSON.stringify(seen.value)}, not ${JSON.stringify(id)}`,
          };
    },
  },
  {
    id: 'time-limit',
    title: 'A per-task time limit',
    how: 'Task A runs long, task B is added after it: is A cut or reported, when does B start?',
    async run(session) {
      const app = await session.app();
      const id = newId('limit');
      const probe = session.sut.limitProbeMs;
      const before = app.output.length;
      await post(app, 'limit', id, probe);
      await app.until(() => !!app.find('start', id, 'slow'), 5000);
      await app.until(
        () => !!app.find('end', id, 'slow') && !!app.find('start', id, 'next'),
        probe + 5000,
      );
      const slow = app.find('start', id, 'slow');
      const slowEnd = app.find('end', id, 'slow');
      const next = app.find('start', id, 'next');
      if (!slow) return { outcome: 'task lost', evidence: 'A never started' };
      const report = session.sut.timeoutReport?.exec(
        app.output.slice(before),
      )?.[0];
      const b = next
        ? `B started ${ms(next.at - slow.at)} after A`
        : 'B never started';
      if (report)
        return {
          outcome: 'reported at its deadline',
          evidence: `${report}; ${b}; A itself ${slowEnd ? `still ran its ${probe} ms` : 'stopped'}`,
        };
      if (!slowEnd)
        return {
          outcome: 'task cut',
          evidence: `A (${probe} ms) never ended; ${b}`,
        };
      return {
        outcome: 'no limit',
        evidence: `A ran its full ${ms(slowEnd.at - slow.at)}; ${b}`,
      };
    },
  },
  {
    id: 'sigterm',
    title: 'SIGTERM with a task running',
    how: 'A 1,500 ms task is running when the process gets SIGTERM.',
    async run(session) {
      const app = await session.fresh();
      const id = newId('term');
      await post(app, 'basic', id, 1500);
      await app.until(() => !!app.find('start', id), 5000);
      const sent = performance.now();
      app.kill('SIGTERM');
      const exited = await app.until(() => !app.alive, 15_000);
      if (!exited) {
        await app.stop();
        return {
          outcome: 'does not exit',
          evidence: 'still running 15 s after SIGTERM',
        };
      }
      const exit = app.exit!;
      const how = exit.signal
        ? `killed by ${exit.signal}`
        : `exit code ${exit.code}`;
      const done = !!app.find('end', id);
      return {
        outcome: done ? `waits, ${how}` : `task lost, ${how}`,
        evidence: `${how}, ${ms(performance.now() - sent)} after SIGTERM; the task ${done ? 'finished first' : 'never finished'}`,
      };
    },
  },
  {
    id: 'sigkill',
    title: 'SIGKILL with a task running',
    how: 'A 1,500 ms task is running when the process gets SIGKILL.',
    async run(session) {
      const app = await session.fresh();
      const id = newId('kill');
      await post(app, 'basic', id, 1500);
      await app.until(() => !!app.find('start', id), 5000);
      app.kill('SIGKILL');
      await app.exited;
      const done = !!app.find('end', id);
      return {
        outcome: done ? 'task finished' : 'task lost',
        evidence: `killed by ${app.exit!.signal}; the task ${done ? 'finished' : 'never finished, and nothing records it'}`,
      };
    },
  },
  {
    id: 'load',
    title: '1,000 requests at concurrency 50',
    how: '1,000 requests, 50 at a time, each adding one task: how many task runs?',
    async run(session) {
      const app = await session.app();
      const prefix = newId('load');
      const ids = Array.from({ length: 1000 }, (_, i) => `${prefix}-${i}`);
      const statuses = new Map<number, number>();
      let next = 0;
      const agent = new Agent({ keepAlive: true, maxSockets: 50 });
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < ids.length) {
            const { status } = await post(app, 'basic', ids[next++]!, 0, agent);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }),
      );
      agent.destroy();
      const ends = () =>
        app.events.filter(
          (e) => e.ev === 'end' && e.id.startsWith(`${prefix}-`),
        );
      await app.until(() => ends().length >= 1000, 10_000);
      const runs = ends();
      const distinct = new Set(runs.map((e) => e.id)).size;
      const answered = [...statuses].map(([s, n]) => `${n} × ${s}`).join(', ');
      return {
        outcome: `${runs.length} runs`,
        evidence: `responses: ${answered}; ${runs.length} task runs, ${distinct} distinct requests`,
      };
    },
  },
  {
    id: 'test-await',
    title: 'A test can await the tasks',
    how: 'In a test: one request through the system’s test client (or fetch), then whatever it offers to wait for the tasks.',
    async run(session) {
      const { test, noTest } = session.sut;
      if (!test) return noTest!;
      const run = new Running(test);
      await run.exited;
      const index = (ev: string) => run.events.findIndex((e) => e.ev === ev);
      const end = index('end');
      const response = index('test-response');
      const waited = run.events[index('test-waited')];
      if (response < 0)
        return { outcome: 'could not run', evidence: run.output.slice(-300) };
      if (end >= 0 && end < response)
        return {
          outcome: 'yes: the client waits',
          evidence: 'the task had ended when the test client returned',
        };
      if (waited?.how && end >= 0 && end < index('test-waited'))
        return {
          outcome: `yes: ${waited.how}`,
          evidence: `the test client returned before the task ended; ${waited.how} resolved after it`,
        };
      return {
        outcome: 'no',
        evidence:
          'the test client returned before the task ended, and nothing in the API waits for it',
      };
    },
  },
];

async function observe(scenario: Scenario, session: Session) {
  try {
    return await scenario.run(session);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return {
      outcome: 'could not run',
      evidence: `${error}${cause ? ` (${cause})` : ''}`.slice(0, 300),
    };
  }
}

/** Every scenario against one system, side by side (each uses requests
 * of its own), except the load, which runs once the others are done.
 * Cells in scenario order. */
export async function runSystem(sut: SystemUnderTest, only?: string[]) {
  const session = new Session(sut);
  const chosen = scenarios.filter((s) => !only || only.includes(s.id));
  const results = new Map<string, Observation>();
  const run = async (s: Scenario) =>
    results.set(s.id, await observe(s, session));
  const load = chosen.filter((s) => s.id === 'load');
  try {
    await Promise.all(chosen.filter((s) => s.id !== 'load').map(run));
    await Promise.all(load.map(run));
  } finally {
    await session.close();
  }
  return {
    cells: chosen.map((s) => ({ scenario: s.id, ...results.get(s.id)! })),
    notes: session.notes(),
  };
}
