// npm run record-logs: run each example's `npm start` once and keep what it
// printed, where its page shows it, so a reader sees a real run without
// starting a sandbox:
// - docs/logs/NAME.txt: the text log, as printed;
// - docs/logs/NAME.json: the same run as data (the timing log's entries and the
//   summary line), from which the page draws its timeline.
// test/payload.test.ts fails when a fresh run no longer prints the same lines
// (numbers and ids aside).
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { examplesDir, listExamples } from '../.vitepress/examples.js';
import { logsDir, type RecordedRun } from '../.vitepress/recorded-run.js';
import type { TimingEntry } from '../lib/demo/timing-log.js';

function record(name: string) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'record-'));
  const entriesFile = path.join(scratch, 'entries.json');
  try {
    const run = spawnSync('npm', ['start', '--silent'], {
      cwd: path.join(examplesDir, name),
      encoding: 'utf8',
      env: { ...process.env, TIMING_LOG_ENTRIES: entriesFile },
    });
    if (run.status !== 0)
      throw new Error(`npm start failed in examples/${name}:\n${run.stderr}`);
    const entries: TimingEntry[] = JSON.parse(
      readFileSync(entriesFile, 'utf8'),
    );
    const summary = run.stdout.trim().split('\n').at(-1)!;
    const recorded: RecordedRun = {
      summary,
      entries: entries.map((e) => ({ ...e, ms: Math.round(e.ms * 10) / 10 })),
    };
    writeFileSync(path.join(logsDir, `${name}.txt`), run.stdout);
    writeFileSync(
      path.join(logsDir, `${name}.json`),
      `${JSON.stringify(recorded, null, 2)}\n`,
    );
    console.log(`docs/logs/${name}.{txt,json}: ${summary}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

mkdirSync(logsDir, { recursive: true });
const names = process.argv.slice(2);
for (const name of names.length ? names : await listExamples()) record(name);
