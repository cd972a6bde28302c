// npm run record-logs: run each example's `npm start` once and keep what it printed in docs/logs/NAME.txt,
// where its page includes it, so a reader sees a real timing log without starting a sandbox.
// test/payload.test.ts fails when a fresh run no longer prints the same lines (numbers and ids aside).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { examplesDir, listExamples } from '../.vitepress/payload.js';

export const logsDir = fileURLToPath(new URL('../docs/logs/', import.meta.url));

/** A log's lines with times, counts and ids masked, in sorted order: what must stay the same between runs. */
export const logShape = (log: string) =>
  log
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('>'))
    .map((line) => line.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '<id>').replace(/\d+/g, 'N').replace(/\s+/g, ' ').trim())
    .sort();

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(logsDir, { recursive: true });
  for (const name of process.argv.slice(2).length ? process.argv.slice(2) : await listExamples()) {
    const run = spawnSync('npm', ['start', '--silent'], { cwd: path.join(examplesDir, name), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`npm start failed in examples/${name}:\n${run.stderr}`);
    writeFileSync(path.join(logsDir, `${name}.txt`), run.stdout);
    console.log(`docs/logs/${name}.txt: ${run.stdout.trim().split('\n').at(-1)}`);
  }
}
