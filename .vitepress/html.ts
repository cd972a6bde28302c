// Static markup written into a page at build time (timeline-html.ts, the semantics matrix): text
// escaped for HTML and for Vue, which compiles the page's markdown as a template.
export const escape = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // `{{` in a log's or a cell's text is text, not a binding.
    .replaceAll('{', '&#123;');

/** An element from its tag, attributes (undefined ones left out) and inner HTML. */
export const el = (
  tag: string,
  attrs: Record<string, string | number | undefined>,
  inner = '',
) => {
  const list = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escape(String(v))}"`)
    .join('');
  return `<${tag}${list}>${inner}</${tag}>`;
};
