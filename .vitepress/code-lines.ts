// How code blocks wrap instead of scrolling sideways (see custom.css): each
// line carries its hanging indent, and a hyphen is never where a line breaks.
// Recorded timing logs (docs/logs/*.txt) also get their summary marked.
import type { MarkdownOptions } from 'vitepress';

type Transformer = NonNullable<MarkdownOptions['codeTransformers']>[number];
type Line = Parameters<NonNullable<Transformer['line']>>[0];
type Node = Line['children'][number];

/** A timing log line starts with its stamp: "[   44 ms] ". */
const STAMP = /^\[\s*\d+ ms\] /;
/** Letters or digits on both sides of a hyphen (split keeps them at odd indexes). */
const HYPHENATED = /(\w(?:-\w)+)/;

const textOf = (node: Node): string =>
  node.type === 'text'
    ? node.value
    : 'children' in node
      ? node.children.map(textOf).join('')
      : '';

/** Wraps each `a-b` in a no-break span, so `f47edb2a-5367-…` or `x-powered-by` never ends a line at
 * its hyphen. The rest of the word may still break where it has to (overflow-wrap: anywhere). */
function keepHyphens(node: Node): Node[] {
  if (node.type === 'text') {
    const parts = node.value.split(HYPHENATED);
    if (parts.length === 1) return [node];
    return parts.flatMap((value, i): Node[] =>
      !value
        ? []
        : i % 2
          ? [
              {
                type: 'element',
                tagName: 'span',
                properties: { class: 'nb' },
                children: [{ type: 'text', value }],
              },
            ]
          : [{ type: 'text', value }],
    );
  }
  if (node.type === 'element')
    return [
      {
        ...node,
        children: node.children.flatMap(keepHyphens) as typeof node.children,
      },
    ];
  return [node];
}

/** Lines 1-based. In a timing log, the lines after the last stamped one that
 * start at column 0: the summary the run ends with. */
function summaryLines(code: string): Set<number> {
  const lines = code.split('\n');
  if (!STAMP.test(lines[0] ?? '')) return new Set();
  const last = lines.findLastIndex((line) => STAMP.test(line));
  return new Set(
    lines
      .map((line, i) => (i > last && /^\S/.test(line) ? i + 1 : 0))
      .filter(Boolean),
  );
}

export function codeLines(): Transformer {
  let summary = new Set<number>();
  let log = false;
  return {
    name: 'code-lines',
    preprocess(code) {
      log = STAMP.test(code);
      summary = summaryLines(code);
    },
    line(node, line) {
      const text = textOf(node);
      // Continuation lines start under the text after the stamp, or 2 columns
      // in from the line's own indent.
      const hang =
        STAMP.exec(text)?.[0].length ?? /^ */.exec(text)![0].length + 2;
      node.properties.style = `--hang:${hang}ch`;
      if (summary.has(line)) this.addClassToHast(node, 'log-summary');
      node.children = node.children.flatMap(keepHyphens) as Line['children'];
    },
    pre(node) {
      if (log) this.addClassToHast(node, 'timing-log');
    },
  };
}
