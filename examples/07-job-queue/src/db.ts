// The database. With DATABASE_URL set, your PostgreSQL server. Without it,
// PGlite (PostgreSQL compiled to WebAssembly, from npm) in this process,
// served on 127.0.0.1 over PostgreSQL's wire protocol, so the API and the
// worker process connect to it as they would to any server.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type pg from 'pg';

export interface Database {
  /** A postgres:// connection string. */
  url: string;
  /** Stops the PGlite server; a DATABASE_URL server is left alone. */
  stop(): Promise<void>;
}

// #region database
export async function startDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  return url ? { url, stop: async () => {} } : startPGlite();
}

export async function startPGlite(): Promise<Database> {
  const db = await PGlite.create();
  // PGlite is a single PostgreSQL session. The socket server lets several
  // clients share it and runs their statements one at a time: while one
  // client is inside a transaction, the others wait for it to end.
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0, // any free port
    maxConnections: 50,
  });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
// #endregion database

// #region schema
/** The app's own table. pg-boss creates its tables itself, in its schema. */
export async function migrate(db: pg.Pool) {
  await db.query(`CREATE TABLE IF NOT EXISTS orders (
    id uuid PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
}
// #endregion schema
