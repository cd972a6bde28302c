// npm run semantics: installs the peers from semantics/package-lock.json,
// runs every scenario against every system, one system at a time, and
// writes docs/data/semantics.json for the page "Coming from another
// framework". A system that cannot run here is recorded as skipped, with
// the reason. `npm run semantics -- fastify next` runs only those systems
// and keeps the others' recorded cells.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import path from 'node:path';
import {
  SemanticsResult,
  type Cell,
  type System,
} from '../.vitepress/semantics-result.js';
import { runSystem, scenarios } from './semantics/scenarios.js';
import { allSystems, peersDir, root } from './semantics/systems.js';

const started = performance.now();
const output = path.join(root, 'docs/data/semantics.json');
const only = process.argv.slice(2);
const chosen = allSystems.filter(
  (s) => !only.length || only.includes(s.sut.id),
);

const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
  cwd: peersDir,
  stdio: 'inherit',
});
const installError =
  install.status === 0 ? undefined : 'npm ci in semantics/ failed';

const date = new Date().toISOString();
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${platform()} ${release()}`;
const previous = existsSync(output)
  ? SemanticsResult.parse(JSON.parse(readFileSync(output, 'utf8')))
  : undefined;

const systems: System[] = [];
const cells: Cell[] = [];
for (const spec of allSystems) {
  const { id } = spec.sut;
  if (!chosen.includes(spec)) {
    const kept = previous?.systems.find((s) => s.id === id);
    if (kept) systems.push(kept);
    cells.push(...(previous?.cells.filter((c) => c.system === id) ?? []));
    continue;
  }
  console.log(`— ${spec.name}`);
  let skipped = (spec.peer && installError) || (await spec.unavailable?.());
  let version = 'none';
  let versions: Record<string, string> = {};
  if (!skipped) {
    try {
      version = spec.version();
      versions = spec.versions();
      await spec.prepare?.();
    } catch (error) {
      skipped = String(error).slice(0, 500);
    }
  }
  const system: System = {
    id,
    name: spec.name,
    short: spec.short,
    mechanism: spec.mechanism,
    version,
    versions,
    source: spec.source,
    ...(skipped && { skipped }),
  };
  systems.push(system);
  if (skipped) {
    console.log(`  skipped: ${skipped}`);
    continue;
  }
  const run = await runSystem(spec.sut);
  if (run.notes.length) system.note = run.notes.join('; ');
  for (const cell of run.cells) {
    console.log(`  ${cell.scenario}: ${cell.outcome} (${cell.evidence})`);
    cells.push({ system: id, ...cell, same: false, versions, date, machine });
  }
}

// `same`: the cell's outcome is the site's row's outcome for that scenario.
for (const cell of cells) {
  const ours = cells.find(
    (c) => c.system === 'express-tasks' && c.scenario === cell.scenario,
  );
  cell.same = ours?.outcome === cell.outcome;
}

const result = SemanticsResult.parse({
  command: `npm run semantics${only.length ? ` -- ${only.join(' ')}` : ''}`,
  date,
  machine,
  systems,
  scenarios: scenarios.map(({ id, title, how }) => ({ id, title, how })),
  cells,
});
writeFileSync(output, `${JSON.stringify(result, null, 2)}\n`);
const seconds = (performance.now() - started) / 1000;
console.log(`wrote ${path.relative(root, output)} in ${seconds.toFixed(0)} s`);
