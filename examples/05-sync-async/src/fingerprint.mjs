// The CPU-bound work of this example. It is plain JavaScript so that a worker thread can load it
// as is, under node, tsx and vitest alike, with no TypeScript loader. Types: fingerprint.d.mts.
import { pbkdf2Sync } from 'node:crypto';

// #region fingerprint
/**
 * Derives a 32-byte key from `text` with `iterations` rounds of PBKDF2-SHA512.
 * Pure CPU: whichever thread calls it is busy until it returns.
 * @param {string} text
 * @param {number} iterations
 * @returns {string} 64 hex characters
 */
export function fingerprint(text, iterations) {
  // A fixed salt is fine for a CPU workload; never hash passwords this way.
  return pbkdf2Sync(
    text,
    'background-tasks',
    iterations,
    32,
    'sha512',
  ).toString('hex');
}
// #endregion fingerprint
