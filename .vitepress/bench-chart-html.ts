// The Performance page's chart, as static markup written into the page at build time (config.ts,
// for `<BenchChart />` in its markdown): each cost ratio of docs/data/bench.json as a dot (the
// median over the rounds) on a line (the lowest to the highest round), on one axis with a rule at
// 1. Every row prints its figures as text too, so the chart reads without the drawing (screen
// readers, print). No Vue component: a phone hydrates none of it (the page scored 0.957–0.979 of
// the same page bare in bench:site while it was one). Styles: theme/bench-chart.css.
import { met, range, targetText, type Ratio } from './bench.js';
import { el, escape } from './html.js';

/** The axis: at most six steps, so the tick labels never run into each other. */
function axisOf(ratios: Ratio[]) {
  const values = ratios.flatMap((r) => [
    r.value.min,
    r.value.max,
    ...(r.target ? [r.target.value] : []),
  ]);
  const span = Math.max(...values, 1) - Math.min(...values, 1);
  const step =
    [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10].find((s) => span / s <= 6) ?? 50;
  const low = Math.max(
    0, // a ratio is never negative
    Math.floor((Math.min(...values, 1) - step / 2) / step) * step,
  );
  const high = Math.ceil((Math.max(...values, 1) + step / 2) / step) * step;
  const ticks: number[] = [];
  for (let t = low; t <= high + step / 2; t += step) ticks.push(t);
  return { low, high, ticks, digits: step < 0.1 ? 2 : 1 };
}

export function benchChartHtml(ratios: Ratio[], rounds: number): string {
  const axis = axisOf(ratios);
  /** Where `value` sits on the axis, as an SVG percentage. */
  const at = (value: number) =>
    `${(100 * (value - axis.low)) / (axis.high - axis.low)}%`;
  const line = (cls: string, x1: number, x2: number, y1: number, y2: number) =>
    el('line', { class: cls, x1: at(x1), x2: at(x2), y1, y2 });
  const rows = ratios.map((r) =>
    el(
      'li',
      { class: met(r) ? undefined : 'missed' },
      el('span', { class: 'label' }, escape(r.label)) +
        el(
          'span',
          { class: 'plot' },
          el(
            'svg',
            { 'aria-hidden': 'true', width: '100%', height: 20 },
            line('one', 1, 1, 0, 20) +
              (r.target
                ? line('target', r.target.value, r.target.value, 1, 19)
                : '') +
              line('spread', r.value.min, r.value.max, 10, 10) +
              el('circle', {
                class: 'median',
                cx: at(r.value.median),
                cy: 10,
                r: 5,
              }),
          ) +
            el(
              'span',
              { class: 'figures' },
              escape(range(r.value, 3)) +
                (r.target
                  ? el(
                      'span',
                      { class: 'target-text' },
                      `target: ${escape(targetText(r))}`,
                    )
                  : ''),
            ),
        ),
    ),
  );
  const ticks = el(
    'li',
    { class: 'axis', 'aria-hidden': 'true' },
    el(
      'span',
      { class: 'plot' },
      el(
        'svg',
        { width: '100%', height: 20 },
        axis.ticks
          .map((t) =>
            el(
              'text',
              { x: at(t), y: 14, 'text-anchor': 'middle' },
              t.toFixed(axis.digits),
            ),
          )
          .join(''),
      ) + el('span', { class: 'figures' }),
    ),
  );
  return el(
    'figure',
    { class: 'bench-chart' },
    el(
      'figcaption',
      {},
      `Each ratio over ${rounds} rounds: the dot is the median, the line runs from the lowest round to the highest. At 1 the two sides are the same; a dashed mark is a target.`,
    ) + el('ul', {}, rows.join('') + ticks),
  );
}
