import { describe, expect, it } from 'vitest';
import { fingerprint } from '../src/fingerprint.mjs';
import { fingerprintOnWorkerThread } from '../src/worker.js';

describe('fingerprintOnWorkerThread', () => {
  it('returns the same fingerprint as fingerprint() on the main thread', async () => {
    const onThread = await fingerprintOnWorkerThread('quarterly report', 1_000);
    expect(onThread).toMatch(/^[0-9a-f]{64}$/);
    expect(onThread).toBe(fingerprint('quarterly report', 1_000));
    expect(await fingerprintOnWorkerThread('another report', 1_000)).not.toBe(
      onThread,
    );
  });

  it('rejects with the error thrown on the worker thread', async () => {
    // PBKDF2 refuses 0 rounds; the RangeError is thrown on the worker and must reach the caller.
    await expect(
      fingerprintOnWorkerThread('quarterly report', 0),
    ).rejects.toThrow(/iterations/);
  });
});
