// Where the site serves each example's sandbox payload, in dev and in the
// build. Safe to import in the browser (LiveExample.vue): no Node imports.
export const SANDBOX_DIR = 'sandbox';

/** The site path of one example's payload: /sandbox/NAME.json. */
export const sandboxPath = (example: string) =>
  `/${SANDBOX_DIR}/${example}.json`;
