// How the Performance page writes the figures of docs/data/instructions.json
// (schema: ./instructions-result.ts). No zod here: the page imports these.

/** Instructions in thousands, as the page and the bench's table write them:
 * 719,512 is "719.5 k". */
export const kilo = (n: number) => `${(n / 1000).toFixed(1)} k`;

/** What a variant adds to its plain server: "+4.6 k", "−0.6 k", or nothing
 * for the plain server itself. */
export const addedKilo = (n: number) =>
  n > 0 ? `+${kilo(n)}` : n < 0 ? `−${kilo(-n)}` : '';

/** "met" or "missed", for a target row. */
export const metText = (t: { value: number; bound: number }) =>
  t.value <= t.bound ? 'met' : 'missed';
