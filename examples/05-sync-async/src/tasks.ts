import { setTimeout as sleep } from 'node:timers/promises';
import { fingerprint } from './fingerprint.mjs';
import { fingerprintOnWorkerThread } from './worker.js';

/** A stored document. Its background task sets `status` to 'done' when it finishes. */
export interface Doc {
  id: string;
  text: string;
  status: 'processing' | 'done';
  fingerprint?: string;
}

// #region sync
/** A plain function, CPU-bound: it holds the event loop until it returns. */
export function fingerprintOnLoop(doc: Doc, iterations: number): void {
  doc.fingerprint = fingerprint(doc.text, iterations);
  doc.status = 'done';
}
// #endregion sync

// #region async
/** An async function, I/O-bound: while it awaits, other requests are served. */
export async function uploadCopy(
  doc: Doc,
  upload: (text: string) => Promise<void>,
): Promise<void> {
  await upload(doc.text);
  doc.status = 'done';
}

/** Stands in for a storage API call: 200 ms of waiting, no CPU. */
export async function uploadToStorage(_text: string): Promise<void> {
  await sleep(200);
}
// #endregion async

// #region in-worker
/**
 * The same CPU work as fingerprintOnLoop, done on a worker thread: this
 * function only awaits it.
 * `run` is only here so tests can pass a worker they hold.
 */
export async function fingerprintInWorker(
  doc: Doc,
  iterations: number,
  run = fingerprintOnWorkerThread,
): Promise<void> {
  doc.fingerprint = await run(doc.text, iterations);
  doc.status = 'done';
}
// #endregion in-worker
