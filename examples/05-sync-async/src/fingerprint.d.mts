/** Derives a 32-byte key from `text` with `iterations` rounds of PBKDF2-SHA512 (64 hex characters). Pure CPU. */
export declare function fingerprint(text: string, iterations: number): string;
