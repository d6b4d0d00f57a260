/** Keyed pseudonym ids and keyed replacements: HMAC-SHA-256 with the private key (the core's own, synchronous). */
export * from './assign.ts';
export { canonicalIdentity, type IdentityParts } from '../match/identity.ts';
export * from './keyed-hash.ts';
