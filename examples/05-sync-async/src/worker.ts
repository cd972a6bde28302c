import { Worker } from 'node:worker_threads';

// #region worker
// One new thread per call, with no limit and no timeout: fine for a demo.
// In production, use a pool (e.g. piscina) with a size limit.

/**
 * Starts `script` on a new thread with `workerData` and resolves with the
 * first message it posts.
 */
export function runWorker<T>(script: URL, workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    // execArgv: [] starts a plain Node thread. By default it would inherit
    // the parent's flags, e.g. tsx's TypeScript loader, which the .mjs script
    // does not need and which slows startup.
    const worker = new Worker(script, { workerData, execArgv: [] });
    worker.once('message', resolve);
    // The work threw: the task rejects, and the mechanism logs it.
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`worker exited with code ${code} before answering`)),
    );
  });
}

const cpuWorker = new URL('./cpu-worker.mjs', import.meta.url);

/** fingerprint() on a worker thread. The event loop only awaits the answer. */
export function fingerprintOnWorkerThread(
  text: string,
  iterations: number,
): Promise<string> {
  return runWorker<string>(cpuWorker, { text, iterations });
}
// #endregion worker
