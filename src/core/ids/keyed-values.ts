/**
 * The keyed replacements computed while a file is planned, on the one synchronous HMAC: the
 * AccessionNumber hash, keyed UIDs and per-patient date shifts. Each names its domain in the
 * message, so two uses of the same text never coincide.
 */
import { digestToText } from './keyed-hash.ts';
import { createHmacSha256, type SyncHmac } from './hmac.ts';

/** The keyed operations of one private key, with small caches (a study's files share values). */
export interface KeyedValues {
  /** A keyed hash of a value other than a name (16 symbols fit SH), as `keyedValue` gives. */
  hashValue(domain: string, value: string, length?: number): string;
  /** `2.25.` + the decimal of 128 bits of HMAC(key, uid) (PS3.5 B.2: a UUID-derived UID). */
  uid(original: string): string;
  /** Whole days, 1 to 365, a patient's dates move back: from its pseudonym id, stable for life. */
  dateShiftDays(patientId: string): number;
}

const MAX_CACHE = 10_000;

function cached<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= MAX_CACHE) known.clear();
      known.set(key, value);
    }
    return value;
  };
}

function bigOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * The keyed operations for `key`.
 * @example keyedValues(key).uid('1.2.840.113619.2.55.3.1') // '2.25.2913…' (always the same for this key)
 */
export function keyedValues(key: Uint8Array): KeyedValues {
  const hmac: SyncHmac = createHmacSha256(key);
  const hashValue = (domain: string, value: string, length = 16) => digestToText(hmac.digest(`dicomveil/value/v1\u0000${domain}\u0000${value}`), length);
  const accession = cached((value) => hashValue('AccessionNumber', value));
  return {
    hashValue: (domain, value, length = 16) => (domain === 'AccessionNumber' && length === 16 ? accession(value) : hashValue(domain, value, length)),
    uid: cached((original) => `2.25.${bigOf(hmac.digest(`dicomveil/uid/v1\u0000${original}`).subarray(0, 16))}`),
    dateShiftDays: cached((patientId) => Number(bigOf(hmac.digest(`dicomveil/date-shift/v1\u0000${patientId}`).subarray(0, 8)) % 365n) + 1),
  };
}
