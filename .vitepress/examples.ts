// The catalogue: which examples exist and where. The site, the scripts and the
// tests all ask here, so a new examples/NN-name is picked up everywhere.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const examplesDir = fileURLToPath(
  new URL('../examples/', import.meta.url),
);

/** A folder under examples/ is an example if its name is `NN-name`. */
export const EXAMPLE_NAME = /^\d\d-[a-z0-9-]+$/;

/** Every example's name, in page order. */
export async function listExamples(): Promise<string[]> {
  const entries = await readdir(examplesDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && EXAMPLE_NAME.test(e.name))
    .map((e) => e.name)
    .sort();
}
