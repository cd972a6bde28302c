import { fileURLToPath } from 'node:url';

// The route imports ../apps/kinds.mjs, outside this folder.
export default {
  turbopack: { root: fileURLToPath(new URL('..', import.meta.url)) },
};
