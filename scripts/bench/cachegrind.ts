// One count of `npm run bench:instructions`: a server started under
// valgrind's cachegrind (no cache simulation: it only counts the instructions
// the process executes), sent `requests` POST /orders one after another on
// one keep-alive connection from this process, then stopped with SIGTERM.
// Cachegrind writes the process's total when it exits. The load generator
// runs here, in another process, so it is never counted.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { settle, startServer } from './servers.js';

const VALGRIND = 'valgrind';

/** valgrind's version ("3.19.0"), or undefined if there is none. */
export async function valgrindVersion() {
  try {
    const { stdout } = await promisify(execFile)(VALGRIND, ['--version']);
    return stdout.trim().replace(/^valgrind-/, '');
  } catch {
    return undefined;
  }
}

const body = JSON.stringify({ email: 'buyer@example.com' });

/** `count` requests in sequence, each sent once the last response ended. */
async function sendSequentially(url: string, count: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < count; i++)
      await new Promise<void>((resolve, reject) => {
        const request = http.request(
          url,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (response) => {
            if (response.statusCode !== 201)
              reject(new Error(`${url}: ${response.statusCode}, not 201`));
            response.resume().on('end', resolve);
          },
        );
        request.on('error', reject).end(body);
      });
  } finally {
    agent.destroy();
  }
}

interface Counted {
  command: string[];
  env: Record<string, string>;
  /** Where cachegrind writes its counts, per process. */
  outFile: string;
  requests: number;
}

/** The instructions the server executed, from start to exit. */
export async function countInstructions(run: Counted): Promise<number> {
  const [command, ...args] = run.command;
  const server = await startServer(
    VALGRIND,
    [
      '--quiet',
      '--tool=cachegrind',
      '--cache-sim=no',
      `--cachegrind-out-file=${run.outFile}`,
      command!,
      ...args,
    ],
    run.env,
    // Under valgrind, on a busy machine, a server can take a minute.
    120_000,
  );
  try {
    await sendSequentially(server.url, run.requests);
    await settle(server, 60_000);
  } finally {
    await server.stop();
  }
  const out = await readFile(run.outFile, 'utf8');
  const summary = /^summary: (\d+)$/m.exec(out);
  if (!summary)
    throw new Error(`${path.basename(run.outFile)}: no summary line`);
  return Number(summary[1]);
}
