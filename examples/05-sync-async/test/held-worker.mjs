// A worker the tests can hold: it blocks its own thread on a shared flag until the test sets it,
// then runs the real src/cpu-worker.mjs (same thread, same workerData).
import { workerData } from 'node:worker_threads';

Atomics.wait(new Int32Array(workerData.hold), 0, 0);
await import('../src/cpu-worker.mjs');
