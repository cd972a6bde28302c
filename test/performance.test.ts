// The performance page shows what `npm run bench` recorded in
// docs/data/bench.json, and nothing typed by hand. No timing is asserted
// here: the bench itself is not part of npm test. The page reads the record
// through its data loader (.vitepress/theme/bench.data.ts); the test calls
// that loader and renders the page's body with what it returns.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer } from 'vitepress';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h, type PropType } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { range, targetText, type Ratio } from '../.vitepress/bench.js';
import { HEADLINE } from '../scripts/bench/series.js';
import loader, {
  benchView,
  type BenchView,
} from '../.vitepress/theme/bench.data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(path.join(root, 'docs/performance.md'), 'utf8');
const benchJson = path.join(root, 'docs/data/bench.json');

/** The page's bindings for `view`: its script is the loader's data and the
 * two formatters, and nothing else. */
function pageSetup(view: BenchView) {
  const script = /<script setup>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const code = script
    .replace(/^\/\/.*$/gm, '')
    .trim()
    .split(/\n+/);
  expect(code).toEqual([
    "import { data } from '../.vitepress/theme/bench.data'",
    "import { range, targetText } from '../.vitepress/bench'",
    'const { bench, ratio, series, costs, peer, floorMissesTarget, latency, control } = data',
  ]);
  return { ...view, range, targetText };
}

// The chart stands in as the ratios it was given, one per line.
const BenchChart = defineComponent({
  props: { ratios: Array as PropType<Ratio[]>, rounds: Number },
  setup: (props) => () =>
    h(
      'ol',
      { class: 'chart' },
      props.ratios!.map((r) => h('li', r.id)),
    ),
});

/** The page's body rendered as VitePress renders it, with `view`'s figures. */
let render: (view: BenchView) => Promise<string>;
beforeAll(async () => {
  const md = await createMarkdownRenderer(path.join(root, 'docs'));
  const body = page
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/<script setup>[\s\S]*?<\/script>/, '');
  const template = md.render(body, { relativePath: 'performance.md' });
  render = (view) => {
    const app = createSSRApp({ template, setup: () => pageSetup(view) });
    app.component('BenchChart', BenchChart);
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
    const charted = [...html.matchAll(/<li>([\w-]+)<\/li>/g)].map((m) => m[1]);
    expect(charted).toEqual(
      bench.ratios.filter((r) => r.kind === 'cost').map((r) => r.id),
    );
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
