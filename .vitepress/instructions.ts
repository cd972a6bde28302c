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

interface Counted {
  variants: Array<{ id: string; perRequest: number; added: number }>;
  targets: Array<{ id: string; bound: number }>;
}

/** The share target in instructions: FastAPI's share of a request applied
 * to plain Express's, beside what `res.on('finish')` and the mechanism add.
 * Plain Express costs less per request than plain FastAPI, so the same
 * share leaves fewer instructions; undefined without the FastAPI rows. */
export function shareBudget(counted: Counted) {
  const find = (id: string) => counted.variants.find((v) => v.id === id);
  const share = counted.targets.find((t) => t.id === 'share');
  const plain = find('express-plain');
  const fastapi = find('fastapi-plain');
  const finish = find('express-finish');
  const mechanism = find('express-mechanism');
  if (!share || !plain || !fastapi || !finish || !mechanism) return undefined;
  return {
    budget: Math.round(share.bound * plain.perRequest),
    fastapiPlain: fastapi.perRequest,
    expressPlain: plain.perRequest,
    finish: finish.added,
    mechanism: mechanism.added,
  };
}
