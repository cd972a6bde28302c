// How code blocks wrap instead of scrolling sideways (see custom.css): each
// line carries its hanging indent, and a hyphen is never where a line breaks.
// Recorded timing logs (docs/logs/*.txt) also get their summary marked.
import type { MarkdownOptions } from 'vitepress';

type Transformer = NonNullable<MarkdownOptions['codeTransformers']>[number];
type Line = Parameters<NonNullable<Transformer['line']>>[0];
type Node = Line['children'][number];

/** A timing log line starts with its stamp: "[   44 ms] ". */
const STAMP = /^\[\s*\d+ ms\] /;
/** A hyphen (or two, as in `--omit`) and the character after it: a line may not break between them. */
const HYPHEN = /(-+\w)/;
/** Where a recorded log may break before a hyphenated word (an id after `":"`), so the id moves
 * to the next line whole instead of being cut. */
const BEFORE_ID = /(?<=[^\s\w-])(?=\w+(?:-\w+)+)/;
/** In inline code, a line may break after `_`, `.` or `/` (`unsupported_<wbr>media_type`). */
const SEPARATOR = /(?<=\w[_./])(?=\w)/;

/** Code text as runs: `-x` runs go in no-break spans so no line ends at a hyphen (a UUID, a
 * command, `x-powered-by`); `<wbr>` marks the other places a line may break. The rest of a word
 * breaks only where it must (overflow-wrap: anywhere). */
function runs(text: string, breakAt?: RegExp) {
  return (breakAt ? text.split(breakAt) : [text]).flatMap((part, j) => [
    ...(j ? [{ wbr: true as const }] : []),
    ...part
      .split(HYPHEN)
      .map((value, i) => ({ nb: i % 2 === 1, value }))
      .filter((run) => run.value),
  ]);
}

const textOf = (node: Node): string =>
  node.type === 'text'
    ? node.value
    : 'children' in node
      ? node.children.map(textOf).join('')
      : '';

const nodesOf = (text: string, breakAt?: RegExp): Node[] =>
  runs(text, breakAt).map((run): Node =>
    'wbr' in run
      ? { type: 'element', tagName: 'wbr', properties: {}, children: [] }
      : run.nb
        ? {
            type: 'element',
            tagName: 'span',
            properties: { class: 'nb' },
            children: [{ type: 'text', value: run.value }],
          }
        : { type: 'text', value: run.value },
  );

function keepHyphens(node: Node, breakAt?: RegExp): Node[] {
  if (node.type === 'text') return nodesOf(node.value, breakAt);
  if (node.type === 'element')
    return [
      {
        ...node,
        children: node.children.flatMap((child) =>
          keepHyphens(child, breakAt),
        ) as typeof node.children,
      },
    ];
  return [node];
}

/** Inline code this long or shorter fits a phone's line (24 characters of 14 px code: 202 px of the
 * 342 px column at 390 px), so it never needs to break: it moves to the next line whole. */
const SHORT = 24;
const lengthOf = (html: string) => html.replace(/&[#\w]+;/g, '.').length;

/** Inline code (`<code>…</code>`, its text already escaped). In a table cell, where a phone's column
 * is narrow, every word may break after `_`, `.` or `/`, never at a hyphen. In running text a short
 * code is one element that never breaks (class "nb", no element added), and a longer one breaks
 * only at its spaces, but for a word longer than SHORT, which follows the table's rules. Fewer
 * elements than a `<wbr>` after every separator and a span around every hyphen (59 and 30 on page
 * 01): each one is restyled several times as the page loads. */
export function inlineCode(html: string, inCell: boolean): string {
  const text = /^<code>([^<]*)<\/code>$/.exec(html)?.[1];
  // A Vue interpolation (`{{ peer.http }}`) is an expression: left whole.
  if (text === undefined || text.includes('{{')) return html;
  if (inCell) return `<code>${breakableRuns(text)}</code>`;
  if (lengthOf(text) <= SHORT) return `<code class="nb">${text}</code>`;
  const words = text
    .split(/( +)/)
    .map((word) =>
      lengthOf(word) > SHORT
        ? breakableRuns(word)
        : word.includes('-')
          ? `<span class="nb">${word}</span>`
          : word,
    );
  return `<code>${words.join('')}</code>`;
}

const breakableRuns = (html: string) =>
  runs(html, SEPARATOR)
    .map((run) =>
      'wbr' in run
        ? '<wbr>'
        : run.nb
          ? `<span class="nb">${run.value}</span>`
          : run.value,
    )
    .join('');

/** A line's leading spaces never end a row (custom.css: .indent is white-space: pre): on a phone
 * a row of only spaces was left above a long first word, pushed 2 columns in by the hanging indent.
 * Shiki puts the spaces in the first token (`  tasks`): when the rest of that token is one short
 * word, the token itself takes the class (no element added); otherwise the spaces move into a
 * span of their own, so a long token (a string with spaces) can still wrap. */
function indentOf(line: Line): Node[] {
  let spaces = /^ */.exec(textOf(line))![0].length;
  if (!spaces || spaces === textOf(line).length) return [];
  const [first] = line.children;
  if (
    first?.type === 'element' &&
    /^ +\S{1,24}$/.test(textOf(first)) &&
    first.children.length === 1
  ) {
    addClass(first, 'indent');
    return [];
  }
  const indent = ' '.repeat(spaces);
  const strip = (node: Node): boolean => {
    // true once all the spaces are taken off
    if (node.type === 'text') {
      const taken = Math.min(spaces, node.value.length);
      node.value = node.value.slice(taken);
      spaces -= taken;
    } else if ('children' in node)
      for (const child of node.children) if (strip(child as Node)) break;
    return spaces === 0;
  };
  for (const child of line.children) if (strip(child)) break;
  line.children = line.children.filter((child) => textOf(child) !== '');
  return [
    {
      type: 'element',
      tagName: 'span',
      properties: { class: 'indent' },
      children: [{ type: 'text', value: indent }],
    },
  ];
}

function addClass(node: Node & { type: 'element' }, name: string) {
  const current = node.properties.class;
  node.properties.class = [
    ...(Array.isArray(current) ? current : current ? [String(current)] : []),
    name,
  ].join(' ');
}

/** Lines 1-based. In a timing log, the lines after the last stamped one that
 * start at column 0: the summary the run ends with. */
function summaryLines(code: string): Set<number> {
  const lines = code.split('\n');
  const last = lines.findLastIndex((line) => STAMP.test(line));
  if (last < 0) return new Set();
  return new Set(
    lines
      .map((line, i) => (i > last && /^\S/.test(line) ? i + 1 : 0))
      .filter(Boolean),
  );
}

export function codeLines(): Transformer {
  let summary = new Set<number>();
  let log = false;
  let lines: { node: Line; stamped: boolean }[] = [];
  return {
    name: 'code-lines',
    preprocess(code) {
      // Any stamped line makes it a log: a run may print lines of its own
      // first (examples 06 and 07 check their runtime before the log starts).
      log = new RegExp(STAMP.source, 'm').test(code);
      summary = summaryLines(code);
      lines = [];
    },
    line(node, line) {
      const text = textOf(node);
      const stamped = STAMP.test(text);
      // Continuation lines start under the text after the stamp, or 2 columns
      // in from the line's own indent.
      const hang =
        STAMP.exec(text)?.[0].length ?? /^ */.exec(text)![0].length + 2;
      node.properties.style = `--hang:${hang}ch`;
      if (summary.has(line)) this.addClassToHast(node, 'log-summary');
      lines.push({ node, stamped });
    },
    // Last, after VitePress's own transformers have read the tokens as Shiki made them.
    root() {
      for (const { node, stamped } of lines)
        node.children = indentOf(node).concat(
          node.children.flatMap((child) =>
            keepHyphens(child, stamped ? BEFORE_ID : undefined),
          ),
        ) as Line['children'];
    },
    pre(node) {
      if (log) this.addClassToHast(node, 'timing-log');
    },
  };
}
