// Runs a command with DATABASE_URL set to a real PostgreSQL server, started
// for it and stopped after it, whether the command passed or failed:
//   tsx scripts/with-postgres.ts npm start   (in examples/07-job-queue)
// npm test starts its own server the same way (scripts/postgres.ts).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startPostgres } from './postgres.js';

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error('usage: tsx scripts/with-postgres.ts CMD ARGS');

const { url, stop } = await startPostgres();
let exitCode = 1;
try {
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url },
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  exitCode = code ?? 1;
} finally {
  await stop();
}
process.exit(exitCode);
