// The app's connection pool, which outlives a database outage.
import pg from 'pg';

// #region pool
/** A pool of up to `max` connections to `url`, for the app's own queries. */
export function createPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection the server ends (a failover, pg_terminate_backend,
  // idle_session_timeout, a proxy restart) is an 'error' on the pool, and
  // an 'error' nobody listens to ends the process. The pool has already
  // dropped that connection; the next query opens a new one.
  pool.on('error', (error) => console.error('database pool:', error.message));
  return pool;
}
// #endregion pool
