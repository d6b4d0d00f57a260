/** Keyed pseudonym ids and keyed replacements: HMAC-SHA-256 with the private key, via WebCrypto. */
export * from './assign.ts';
export * from './identity.ts';
export * from './keyed-hash.ts';
