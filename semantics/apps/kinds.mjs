// What every JavaScript system's order route does, whatever its mechanism
// (Express, Fastify, Hono, Next.js, Workers): the harness
// (scripts/semantics/) asks for a kind of request and reads the JSON lines
// printed here. Plain JavaScript, so that Next.js and workerd load it as it
// is; kinds.d.mts types it. fastapi_app.py does the same in Python.
import { AsyncLocalStorage } from 'node:async_hooks';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One line of evidence on stdout: what happened, to which request, when. */
export function emit(ev, id, task, extra = {}) {
  console.log(JSON.stringify({ ev, id, task, t: Date.now(), ...extra }));
}

/** A task that reports its start and its end, `ms` apart. */
const task = (name, id, ms = 0) =>
  async function () {
    emit('start', id, name);
    if (ms) await sleep(ms);
    emit('end', id, name);
  };

/** The request's own context, set around the handler. */
export const requestContext = new AsyncLocalStorage();

/** What the handler does for `kind` ('abort' answers 1 s after adding its
 * task: long enough for a client to hang up first on a loaded machine); resolves with the status to answer,
 * or throws (the handler failing). 'late' adds its task 100 ms after the
 * handler returned, when the response has ended. */
export async function order(kind, id, ms, schedule) {
  // Each task named, as the mechanisms' logs name it.
  const add = (name, fn) =>
    schedule(name, Object.defineProperty(fn, 'name', { value: name }));
  switch (kind) {
    case 'basic':
      add('confirm', task('confirm', id, ms));
      return 201;
    case 'two':
      add('first', task('first', id, 20));
      add('second', task('second', id));
      return 201;
    case 'throw':
      add('boom', () => {
        emit('start', id, 'boom');
        throw new Error(`boom-${id}`);
      });
      add('after', task('after', id));
      return 201;
    case 'client-error':
      add('confirm', task('confirm', id));
      return 400;
    case 'server-error':
      add('confirm', task('confirm', id));
      throw new Error(`handler-${id}`);
    case 'abort':
      emit('handler', id);
      add('confirm', task('confirm', id));
      await sleep(1000);
      emit('handler-return', id);
      return 201;
    case 'late':
      setTimeout(() => add('late', task('late', id)), 100);
      return 201;
    case 'nested':
      add('outer', () => {
        emit('start', id, 'outer');
        add('inner', task('inner', id));
        emit('end', id, 'outer');
      });
      return 201;
    case 'context':
      add('context', () =>
        emit('context', id, 'context', {
          value: requestContext.getStore() ?? null,
        }),
      );
      return 201;
    case 'limit':
      add('slow', task('slow', id, ms));
      add('next', task('next', id));
      return 201;
    default:
      return 404;
  }
}

/** The first line the harness waits for. */
export const listening = (port) =>
  console.log(JSON.stringify({ ev: 'listening', port }));
