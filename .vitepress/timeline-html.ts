// The recorded run of an example (docs/logs/NAME.json) on a time axis, as static HTML written into
// the page at build time (config.ts puts it above the run's log; `<RunTimeline name="NAME" />` in a
// page's markdown puts it anywhere else): each request from received to response sent, each task
// from start to end or failure, the moment the response left. It is no Vue component: the page
// carries no timeline data and no code for it, and nothing in it is hydrated, so it costs a phone
// only its markup (the theme chunk shipped every example's timeline data to every page before,
// ~10 KB, and hydrated each figure). Each row is an HTML label, which wraps, above an SVG track
// whose positions are percentages: the same drawing fits 320 px and 1280 px with text at full size.
// Styles: theme/timeline.css. In dev the figure is drawn when its page's markdown is rendered: after
// `npm run record-logs`, save the page (or restart `npm run dev`) to see the new run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { el, escape } from './html.js';
import { docsDir } from './pages.js';
import {
  buildTimeline,
  CUT_SHARE,
  position,
  ticksOf,
  type Part,
  type Row,
} from './timeline.js';

/** Each row's track (px): the bar and its markers, centred on MID. */
const TRACK = 16;
const MID = TRACK / 2;
const BAR = 10;

const pct = (share: number) => `${100 * share}%`;
const x = (part: Part, ms: number) => pct(position(part, ms));
const w = (part: Part, from: number, to: number) =>
  pct(Math.max(position(part, to) - position(part, from), 0));
/** Labels near the right edge end at their point instead of starting there. */
const anchor = (part: Part, ms: number) =>
  position(part, ms) > 0.6 ? 'end' : 'start';
/** A cut's length in words: "3.9 s", "850 ms". */
const gapText = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
/** Marks centred on a moment: a note's diamond, a marked moment's (a signal, an exit) triangle, a
 * failed task's cross. */
const SHAPES = {
  note: 'M0 -5 L5 0 L0 5 L-5 0 Z',
  mark: 'M-6 -5 L6 -5 L0 6 Z',
  failed: 'M-5 -5 L5 5 M5 -5 L-5 5',
} as const;
const mark = (row: Row) =>
  row.kind === 'note' || row.kind === 'mark'
    ? { at: row.from, shape: row.kind }
    : row.outcome === 'failed'
      ? { at: row.to, shape: 'failed' as const }
      : undefined;
const oneLine = (part: Part) =>
  (part.title ? `${part.title}: ${part.caption}` : part.caption) +
  (part.cut
    ? ` The axis leaves out ${gapText(part.cut.gap)} in which nothing happens.`
    : '');
const msText = (ms: number) => `${Math.round(ms)}`;
/** A span's times for the table: "52–65", with the moment the client sent it first if known. */
const when = (row: Row) =>
  `${row.sentAt === undefined ? '' : `sent ${msText(row.sentAt)}, `}${msText(row.from)}${row.to === row.from ? '' : `–${msText(row.to)}`}`;

function track(part: Part, row: Row) {
  const shapes: string[] = [];
  if (row.sentAt !== undefined)
    shapes.push(
      el('line', {
        class: 'tl-wait',
        x1: x(part, row.sentAt),
        x2: x(part, row.from),
        y1: MID,
        y2: MID,
      }),
      el('circle', {
        class: 'tl-sent',
        cx: x(part, row.sentAt),
        cy: MID,
        r: 3,
      }),
    );
  if (row.kind === 'request' || row.kind === 'task')
    shapes.push(
      el('rect', {
        class: `tl-bar tl-bar--${row.kind} tl-bar--${row.outcome}`,
        x: x(part, row.from),
        y: MID - BAR / 2,
        width: w(part, row.from, row.to),
        height: BAR,
        rx: 2,
      }),
    );
  // the ends, drawn at a fixed size so a 0 ms span still shows
  const end = mark(row);
  if (end)
    shapes.push(
      el(
        'svg',
        {
          class: `tl-mark--${end.shape}`,
          x: x(part, end.at),
          y: MID,
          overflow: 'visible',
        },
        el('path', { d: SHAPES[end.shape] }),
      ),
    );
  if (row.kind === 'request' && row.outcome === 'ok')
    shapes.push(
      el('circle', {
        class: 'tl-end--response',
        cx: x(part, row.to),
        cy: MID,
        r: 4.5,
      }),
    );
  else if (row.kind === 'task' && row.outcome === 'ok')
    shapes.push(
      el('line', {
        class: 'tl-end--task',
        x1: x(part, row.to),
        x2: x(part, row.to),
        y1: MID - BAR / 2 - 3,
        y2: MID + BAR / 2 + 3,
      }),
    );
  return el(
    'svg',
    { class: 'tl-track', width: '100%', height: TRACK },
    shapes.join(''),
  );
}

function axis(part: Part) {
  const lines = part.cut
    ? el('line', { x1: 0, x2: x(part, part.cut.from), y1: 2, y2: 2 }) +
      el('line', { x1: x(part, part.cut.to), x2: '100%', y1: 2, y2: 2 })
    : el('line', { x1: 0, x2: '100%', y1: 2, y2: 2 });
  const ticks = ticksOf(part);
  const marks = ticks.map((tick, i) => {
    const at = position(part, tick);
    return (
      el('line', { x1: x(part, tick), x2: x(part, tick), y1: 2, y2: 6 }) +
      el(
        'text',
        {
          x: x(part, tick),
          y: 18,
          'text-anchor': at < 0.02 ? 'start' : at > 0.98 ? 'end' : 'middle',
        },
        `${tick}${i === ticks.length - 1 ? ' ms' : ''}`,
      )
    );
  });
  return el(
    'svg',
    { class: 'tl-axis', width: '100%', height: 22 },
    lines + marks.join(''),
  );
}

function chart(part: Part) {
  const guide = part.guide
    ? el(
        'div',
        {
          class: `tl-guide${anchor(part, part.guide.ms) === 'end' ? ' tl-guide--end' : ''}`,
          style: `left:${x(part, part.guide.ms)}`,
        },
        el('span', {}, escape(part.guide.label)),
      )
    : '';
  const cut = part.cut
    ? el(
        'div',
        {
          class: 'tl-cut',
          style: `left:${x(part, part.cut.from)};width:${pct(CUT_SHARE)}`,
        },
        el('span', {}, gapText(part.cut.gap)),
      )
    : '';
  const rows = part.rows.map((row) =>
    el(
      'div',
      { class: row.nested ? 'tl-row tl-row--nested' : 'tl-row' },
      el('span', {}, escape(row.label)) + track(part, row),
    ),
  );
  return el(
    'div',
    {
      class: 'run-timeline__chart',
      role: 'img',
      'aria-label': `Timeline. ${oneLine(part)} The table below lists each span.`,
    },
    guide + cut + rows.join('') + axis(part),
  );
}

function table(parts: Part[]) {
  const head =
    '<thead><tr><th scope="col">What</th><th scope="col">When (ms)</th><th scope="col">Result</th></tr></thead>';
  const bodies = parts.map((part) =>
    el(
      'tbody',
      {},
      (part.title
        ? `<tr><th scope="rowgroup" colspan="3">${escape(part.title)}</th></tr>`
        : '') +
        part.rows
          .map(
            (row) =>
              `<tr><td>${escape(row.name)}</td><td>${when(row)}</td><td>${escape(row.result)}</td></tr>`,
          )
          .join(''),
    ),
  );
  const notes = parts
    .filter((part) => part.notes.length)
    .map(
      (part) =>
        el(
          'p',
          { class: 'run-timeline__notes-title' },
          `The log’s notes${part.title ? `, ${escape(part.title)}` : ''}:`,
        ) +
        el(
          'ul',
          { class: 'run-timeline__notes' },
          part.notes
            .map((note) =>
              el('li', {}, `${msText(note.ms)} ms: ${escape(note.text)}`),
            )
            .join(''),
        ),
    );
  return el(
    'details',
    { class: 'run-timeline__table' },
    '<summary>The timeline as a table</summary>' +
      el('table', {}, head + bodies.join('')) +
      notes.join(''),
  );
}

/** The figure of example NAME's recorded run, read from docs/logs/NAME.json at build time. */
export function timelineHtml(name: string): string {
  const file = path.join(docsDir, 'logs', `${name}.json`);
  const { parts } = buildTimeline(JSON.parse(readFileSync(file, 'utf8')));
  const caption =
    parts.length === 1
      ? escape(parts[0]!.caption)
      : el(
          'ul',
          {},
          parts
            .map((part) =>
              el(
                'li',
                {},
                `<strong>${escape(part.title ?? '')}:</strong> ${escape(part.caption)}`,
              ),
            )
            .join(''),
        );
  const body = parts.map((part) =>
    el(
      'div',
      { class: 'run-timeline__part' },
      (part.title
        ? el('p', { class: 'run-timeline__title' }, escape(part.title))
        : '') + chart(part),
    ),
  );
  // Static markup: Vue's compiler keeps it as one string in the page's chunk (left out of the lean
  // chunk that hydrates it), so hydrating it walks no element of it.
  return el(
    'figure',
    { class: 'run-timeline' },
    el('figcaption', { class: 'run-timeline__caption' }, caption) +
      body.join('') +
      table(parts),
  );
}
