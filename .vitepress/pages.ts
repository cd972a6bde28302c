// The site's pages, read from docs/*.md: the one list the sidebar, the home
// page's table, the 404 page, the browser tests and `npm run bench:site` use,
// so a new page shows up everywhere without being named.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const docsDir = fileURLToPath(new URL('../docs/', import.meta.url));

/** A page's title: its `# ` heading. */
export const pageTitle = (markdown: string) => /^# (.+)$/m.exec(markdown)?.[1];

/** Every page's path on the site: '/' first, then '/01-basic-pattern' and on
 * in file order. 404.md is not a page to visit. */
export async function listPages(): Promise<string[]> {
  const files = (await readdir(docsDir))
    .filter((file) => file.endsWith('.md') && file !== '404.md')
    .sort();
  return files
    .map((file) => (file === 'index.md' ? '/' : `/${file.slice(0, -3)}`))
    .sort((a, b) => Number(b === '/') - Number(a === '/'));
}
