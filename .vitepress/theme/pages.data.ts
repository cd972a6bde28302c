// Build-time data: every page but the home page, with the title of its `# `
// heading and its front matter `description`, in sidebar order. The home
// page's table and the 404 page list them; no list is typed by hand.
import { createContentLoader } from 'vitepress';
import { pageTitle } from '../pages.js';

interface PageEntry {
  url: string;
  title: string;
  description: string;
}

declare const data: PageEntry[];
export { data };

export default createContentLoader('*.md', {
  includeSrc: true,
  transform: (pages): PageEntry[] =>
    pages
      .filter((page) => page.url !== '/' && page.url !== '/404')
      .map(({ url, src = '', frontmatter }) => {
        if (typeof frontmatter.description !== 'string')
          throw new Error(
            `${url}: the page has no description in its front matter`,
          );
        return {
          url,
          title: pageTitle(src) ?? url,
          description: frontmatter.description,
        };
      })
      .sort((a, b) => a.url.localeCompare(b.url)),
});
