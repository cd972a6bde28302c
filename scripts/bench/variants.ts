// What each bench server does after (or instead of) answering POST /orders.
// One home for the list: the server checks VARIANT against it, the bench
// and the page label the series by it.
export const SERVER_VARIANTS = [
  'plain',
  'control',
  'installed',
  'noop',
  'mechanism',
  'context',
  'finish',
  'immediate',
  'slow',
  'slow-immediate',
  'awaited',
] as const;
export type ServerVariant = (typeof SERVER_VARIANTS)[number];
