// The performance page shows what `npm run bench:instructions` recorded in
// docs/data/instructions.json and `npm run bench` in docs/data/bench.json,
// and nothing typed by hand. No count or timing is asserted here: the
// benches are not part of npm test. The page reads each record through its
// data loader (.vitepress/theme/*.data.ts); the test calls the loaders and
// renders the page's body with what they return.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer } from 'vitepress';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { benchChartHtml } from '../.vitepress/bench-chart-html.js';
import { range, targetText } from '../.vitepress/bench.js';
import {
  addedKilo,
  kilo,
  metText,
  shareBudget,
} from '../.vitepress/instructions.js';
import type { InstructionsResult } from '../.vitepress/instructions-result.js';
import { HEADLINE } from '../scripts/bench/series.js';
import loader, {
  benchView,
  type BenchView,
} from '../.vitepress/theme/bench.data.js';
import instructionsLoader from '../.vitepress/theme/instructions.data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(path.join(root, 'docs/performance.md'), 'utf8');
const benchJson = path.join(root, 'docs/data/bench.json');
const instructionsJson = path.join(root, 'docs/data/instructions.json');
const recordedCounts = () =>
  instructionsLoader.load([instructionsJson]) as InstructionsResult;

/** The page's bindings for `view` and `counted`: its script is the
 * loaders' data and the formatters, and nothing else. */
function pageSetup(view: BenchView, counted: InstructionsResult) {
  const script = /<script setup>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const code = script
    .replace(/^\/\/.*$/gm, '')
    .trim()
    .split(/\n+/);
  expect(code).toEqual([
    "import { data } from '../.vitepress/theme/bench.data'",
    "import { range, targetText } from '../.vitepress/bench'",
    "import { data as counted } from '../.vitepress/theme/instructions.data'",
    "import { kilo, addedKilo, metText, shareBudget } from '../.vitepress/instructions'",
    'const { bench, ratio, series, peer, floorMissesTarget, latency, control } = data',
    'const budget = shareBudget(counted)',
    "const noopAdded = counted.variants.find((v) => v.id === 'express-noop')?.added",
  ]);
  return {
    ...view,
    range,
    targetText,
    counted,
    kilo,
    addedKilo,
    metText,
    budget: shareBudget(counted),
    noopAdded: counted.variants.find((v) => v.id === 'express-noop')?.added,
  };
}

/** The page's body rendered as VitePress renders it, with `view`'s figures. */
let render: (view: BenchView, counted?: InstructionsResult) => Promise<string>;
beforeAll(async () => {
  const md = await createMarkdownRenderer(path.join(root, 'docs'));
  const body = page
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/<script setup>[\s\S]*?<\/script>/, '');
  const template = md.render(body, { relativePath: 'performance.md' });
  render = (view, counted = recordedCounts()) => {
    // `<BenchChart />`, as config.ts writes it in, from `view`'s figures.
    const chart = benchChartHtml(view.costs, view.bench.config.rounds);
    const app = createSSRApp({
      template: template.replace(
        /<p><BenchChart \/><\/p>|<BenchChart \/>/,
        chart,
      ),
      setup: () => pageSetup(view, counted),
    });
    return renderToString(app);
  };
});

describe('the performance page', () => {
  it('reads a recorded JSON that has every field the page and its chart use', () => {
    expect(() => loader.load([benchJson])).not.toThrow();
  });

  it('shows the recorded ratios, every series and every cost ratio in the chart', async () => {
    const view = loader.load([benchJson]) as BenchView;
    const { bench } = view;
    const html = await render(view);
    expect(html).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(html).toContain(bench.latency_ratio!.toFixed(3));
    expect(html).toContain(bench.throughput_ratio!.toFixed(3));
    // The control row: its figure, or that the record has none.
    if (bench.control != null) expect(html).toContain(bench.control.toFixed(3));
    else expect(html).toContain('not in this record');
    for (const s of bench.series) {
      expect(html).toContain(s.label.replaceAll("'", '&#39;'));
      expect(html).toContain(s.rps.median.toFixed(0));
    }
    // The chart: a row per cost ratio, in the record's order, with its
    // figures, then the axis.
    const chart = /<figure class="bench-chart">[\s\S]*?<\/figure>/.exec(
      html,
    )![0];
    const labels = [...chart.matchAll(/<span class="label">(.*?)<\/span>/g)];
    const costs = bench.ratios.filter((r) => r.kind === 'cost');
    expect(labels.map((m) => m[1])).toEqual(
      costs.map((r) => r.label.replaceAll("'", '&#39;')),
    );
    for (const r of costs) expect(chart).toContain(range(r.value, 3));
    expect(chart).toContain('class="axis"');
  });

  it('follows the JSON: other recorded figures, other figures shown', async () => {
    const { bench } = loader.load([benchJson]) as BenchView;
    const other = structuredClone(bench);
    const latencyId = other.ratios.some((r) => r.id === HEADLINE.latency_ratio)
      ? HEADLINE.latency_ratio
      : 'latency-p50-c50'; // a record made before latency_ratio changed
    other.ratios.find((r) => r.id === latencyId)!.value.median = 9.876;
    other.ratios.find((r) => r.id === 'throughput')!.value.median = 0.123;
    const html = await render(benchView(other));
    expect(html).toContain('9.876');
    expect(html).toContain('0.123');
    expect(html).toContain('missed');
  });

  it('reads a recorded instruction count that has every field the page uses', () => {
    expect(() => recordedCounts()).not.toThrow();
  });

  it('leads with the recorded instruction counts: every variant, every target, the A/A control', async () => {
    const counted = recordedCounts();
    const html = await render(loader.load([benchJson]) as BenchView);
    expect(html).not.toMatch(/undefined|NaN|\[object Object\]/);
    for (const v of counted.variants) {
      expect(html).toContain(v.label.replaceAll("'", '&#39;'));
      expect(html).toContain(kilo(v.perRequest));
      expect(html).toContain(addedKilo(v.added));
      expect(html).toContain(`>${v.spreadPct}<`);
    }
    for (const t of counted.targets) {
      expect(html).toContain(t.label.replaceAll("'", '&#39;'));
      expect(html).toContain(`${t.bound}, ${metText(t)}`);
    }
    for (const n of counted.aa.perRequest)
      expect(html).toContain(n.toLocaleString('en'));
    // FastAPI's share as a budget in instructions, from the same record.
    const budget = shareBudget(counted);
    if (budget)
      expect(html).toContain(`leaves the mechanism ${kilo(budget.budget)}`);
    expect(html).toContain(
      `took ${Math.round(counted.seconds / 60)} minutes, on a machine whose load average reached ${counted.loadAverage}`,
    );
    expect(html.indexOf('Counted in instructions')).toBeLessThan(
      html.indexOf('What a server feels'),
    );
  });

  it('follows the instruction record: other counts, other figures shown', async () => {
    const other = structuredClone(recordedCounts());
    other.variants[0]!.perRequest = 123_456_789;
    other.targets[0]!.value = 98.765;
    other.targets[0]!.bound = 99;
    const html = await render(loader.load([benchJson]) as BenchView, other);
    expect(html).toContain('123456.8 k');
    expect(html).toContain('98.765');
    expect(html).toContain('99, met');
  });

  it('types no figure by hand in its prose', () => {
    const prose = page
      .replace(/<script setup>[\s\S]*?<\/script>/, '')
      .replace(/```[\s\S]*?```/g, '') // code blocks
      .replace(/`[^`\n]*`/g, '') // inline code
      .replace(/\{\{[\s\S]*?\}\}/g, ''); // figures read from the JSON
    // A decimal, or a number with a unit: what a measured figure looks like.
    const figure =
      /(?<![\w.])(\d+\.\d+|\d+\s*(ms|s|µs|%|×|req\w*\/s|requests|jobs|MB)\b)/g;
    expect(prose.match(figure) ?? []).toEqual([]);
  });
});
