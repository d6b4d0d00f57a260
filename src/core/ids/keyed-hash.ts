/**
 * HMAC-SHA-256 with the private key (the core's own, `hmac.ts`, so it runs in Node and in a
 * browser alike), and the mapping of a digest to an unambiguous alphabet. Every use names its
 * domain in the message, so an id and an AccessionNumber replacement of the same text never coincide.
 */
import { UsageError } from '../errors.ts';
import { createHmacSha256 } from './hmac.ts';

/** Digits and capitals without the look-alikes 0/O, 1/I/L: safe to read aloud, type and sort. */
export const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The private key, imported once for HMAC-SHA-256. */
export interface KeyedHasher {
  /** HMAC-SHA-256 of the UTF-8 bytes of `message`. */
  digest(message: string): Promise<Uint8Array>;
}

const MIN_KEY_BYTES = 16;

/**
 * Imports the private key (32 random bytes, see `loadOrCreateKey`) for keyed hashing.
 * @example const hasher = await importKeyedHasher(key); await keyedValue(hasher, 'accession', 'A123');
 */
export async function importKeyedHasher(key: Uint8Array): Promise<KeyedHasher> {
  if (key.length < MIN_KEY_BYTES) {
    throw new UsageError('E_KEY_TOO_SHORT', `the private key has ${key.length} bytes; expected at least ${MIN_KEY_BYTES}`);
  }
  // One HMAC implementation for every keyed value; the interface stays async for its callers.
  const hmac = createHmacSha256(new Uint8Array(key));
  return {
    async digest(message: string): Promise<Uint8Array> {
      return hmac.digest(message);
    },
  };
}

/** A hasher from either raw key bytes or an already imported key. */
export async function asHasher(key: Uint8Array | KeyedHasher): Promise<KeyedHasher> {
  return key instanceof Uint8Array ? importKeyedHasher(key) : key;
}

/** Decimal digits: text that can spell no name (references written into shareable files). */
export const DIGITS = '0123456789';

/**
 * `length` symbols of `alphabet` drawn from a digest read as one big number (256 bits cover 32
 * symbols of 31 with a bias below 2⁻⁹⁸).
 */
export function digestToText(digest: Uint8Array, length: number, alphabet = ID_ALPHABET): string {
  // Long division of the big-endian number, a byte at a time, by as many symbols' worth of the
  // base at once as stay exact in a double: the remainder is those symbols, least significant
  // first, as `value % base` then `value /= base` would give them one by one.
  const base = alphabet.length;
  let perStep = 1;
  let most = base;
  while (most * base * 256 < Number.MAX_SAFE_INTEGER) {
    most *= base;
    perStep++;
  }
  const value = new Float64Array(digest);
  let out = '';
  while (out.length < length) {
    const step = Math.min(perStep, length - out.length);
    const divisor = base ** step;
    let remainder = 0;
    for (let at = 0; at < value.length; at++) {
      const current = remainder * 256 + value[at]!;
      const quotient = Math.floor(current / divisor);
      value[at] = quotient;
      remainder = current - quotient * divisor;
    }
    for (let i = 0; i < step; i++) {
      const quotient = Math.floor(remainder / base);
      out += alphabet[remainder - quotient * base];
      remainder = quotient;
    }
  }
  return out;
}

/**
 * A keyed, irreversible replacement for a value other than a name, e.g. AccessionNumber: the same
 * key and value always give the same text, `length` symbols (16 fits SH).
 * @example await keyedValue(hasher, 'AccessionNumber', 'ACC-2024-0042') // 'K7Q…' (16 symbols)
 */
export async function keyedValue(key: Uint8Array | KeyedHasher, domain: string, value: string, length = 16): Promise<string> {
  if (!Number.isInteger(length) || length < 1 || length > 48) throw new UsageError('E_VALUE_LENGTH', `a keyed value has 1 to 48 symbols, not ${length}`);
  const hasher = await asHasher(key);
  return digestToText(await hasher.digest(`dicomveil/value/v1\u0000${domain}\u0000${value}`), length);
}
