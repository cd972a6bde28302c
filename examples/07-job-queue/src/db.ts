// The database. With DATABASE_URL set, your PostgreSQL server. Without it,
// PGlite (PostgreSQL compiled to WebAssembly, from npm) in this process,
// served on 127.0.0.1 over PostgreSQL's wire protocol (src/pglite-server.ts),
// so the API and the worker process connect to it as to any server.
import { PGlite } from '@electric-sql/pglite';
import type { Queryable } from './orders.js';
import { servePGlite } from './pglite-server.js';

export interface Database {
  /** A postgres:// connection string. */
  url: string;
  /** Stops the PGlite server; a DATABASE_URL server is left alone. */
  stop(): Promise<void>;
  /** For the tests: ends every client's connection, as a failover does,
   * and refuses new ones until the function it resolves to is called. */
  interrupt?(): Promise<() => Promise<void>>;
}

// #region database
export async function startDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  return url ? { url, stop: async () => {} } : startPGlite();
}

async function startPGlite(): Promise<Database> {
  const db = await PGlite.create();
  // PGlite is a single PostgreSQL session: the clients take turns, one
  // query (or one transaction) at a time. While the order's transaction is
  // open, every other client waits for it to end.
  const server = await servePGlite(db);
  return {
    url: server.url,
    async stop() {
      await server.close();
      await db.close();
    },
    interrupt: async () => server.interrupt(),
  };
}
// #endregion database

// #region schema
/** The app's own table. pg-boss creates its tables itself, in its schema. */
export async function migrate(db: Queryable) {
  await db.query(`CREATE TABLE IF NOT EXISTS orders (
    id uuid PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
}
// #endregion schema
