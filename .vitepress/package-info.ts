// What the site takes from package.json, the one home of these facts: the
// description and the repository's web address (for "Edit this page" and the
// repository link).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { description: string; repository: { url: string } };

export const { description } = pkg;

/** `git+https://host/owner/name.git` as a web address: `https://host/owner/name`. */
export const repositoryUrl = pkg.repository.url
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');
