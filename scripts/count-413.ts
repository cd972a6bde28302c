// Counts how often a client that keeps uploading a body over the limit
// receives the early 413, with four clients: fetch, node:http, a raw socket
// and curl. Example 01's app, on a port of its own, in a child process:
//   tsx scripts/count-413.ts [TRIES=20] [MEGABYTES=10]
// Prints one line per client: `fetch: 413 received 20/20`.
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const tries = Number(process.argv[2] ?? 20);
const bytes = Number(process.argv[3] ?? 10) * 1024 * 1024;
const body = Buffer.alloc(bytes, 'x');
const type = { 'Content-Type': 'application/json' };

if (process.argv[2] === '--serve') {
  // The child: example 01's app on an ephemeral port; prints the port.
  const { createApp } = await import('../examples/01-basic-pattern/src/app.js');
  const { backgroundTasks } =
    await import('../examples/01-basic-pattern/src/lib/background-tasks.js');
  const tasks = backgroundTasks();
  const server = createApp({ tasks, notify: () => {} }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  console.log((server.address() as { port: number }).port);
} else {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--serve'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${Number(first.toString())}/orders`;
  const { port } = new URL(url);
  const dir = await mkdtemp(path.join(tmpdir(), 'count-413-'));
  const file = path.join(dir, 'body.json'); // for curl
  await writeFile(file, body);

  /** Each client resolves to the status it read, or 0 if it read none. */
  const clients: Record<string, () => Promise<number>> = {
    async fetch() {
      try {
        const res = await fetch(url, { method: 'POST', headers: type, body });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return 0;
      }
    },
    'node:http': () =>
      new Promise((resolve) => {
        const req = http.request(url, {
          method: 'POST',
          headers: { ...type, 'Content-Length': bytes },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(0));
        req.end(body);
      }),
    async 'raw socket'() {
      const socket = connect(Number(port), '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => {});
      socket.write(
        `POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`,
      );
      socket.write(body);
      // Not once(socket, 'close'): it would reject on the socket's error.
      await new Promise((resolve) => socket.on('close', resolve));
      const status = /^HTTP\/1\.1 (\d{3})/.exec(
        Buffer.concat(received).toString('latin1'),
      );
      return Number(status?.[1] ?? 0);
    },
    async curl() {
      const { stdout } = await promisify(execFile)('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-H',
        'Content-Type: application/json',
        '--data-binary',
        `@${file}`,
        url,
      ]).catch((error: { stdout: string }) => error);
      return Number(stdout);
    },
  };
  const only = process.env.CLIENTS?.split(',');
  for (const [name, client] of Object.entries(clients)) {
    if (only && !only.includes(name)) continue;
    let received = 0;
    const other: number[] = [];
    for (let i = 0; i < tries; i++) {
      const status = await client();
      if (status === 413) received++;
      else other.push(status);
    }
    const rest = other.length ? ` (else: ${other.join(' ')})` : '';
    console.log(`${name}: 413 received ${received}/${tries}${rest}`);
  }
  child.kill();
  await rm(dir, { recursive: true });
}
