/**
 * Every plausible reading of a run of bytes (CONTRACT.md, "Verification is a second opinion"):
 * the element's character set, UTF-8, Latin-1 (and Windows-1252 where they differ), UTF-16 LE and
 * BE at either byte alignment. Readings that cannot hold a name are skipped only where that is
 * provable:
 * - bytes below 0x80 without ESC read alike in every charset but JIS X 0201 (which reads 0x5C and
 *   0x7E as ¥ and ‾), in UTF-8 and in Latin-1: one reading;
 * - a UTF-16 reading none of whose code units folds to a character of any searched word or
 *   PatientID cannot match: such readings are not decoded (surrogates always are).
 */
import { decodeText } from '../dicom/charset.ts';
import { utf8Run } from '../dicom/utf8.ts';
import { CharsetError } from '../errors.ts';
import { foldChar } from '../text/fold.ts';
import type { Needles } from './needles.ts';

/** How bytes were read when a name was found in them. */
export type Reading = 'charset' | 'utf-8' | 'latin-1' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface Decoded {
  readonly reading: Reading;
  readonly text: string;
  /** Byte offset (in the bytes given) of the first code unit: 1 for UTF-16 read from an odd byte. */
  readonly shift: number;
}

/** JIS X 0201 Romaji: ASCII but for ¥ and ‾. */
const JIS_ROMAN = /IR 13$/;

// A byte order mark is kept (it folds away): offsets in the text then map back to bytes.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const windows1252 = new TextDecoder('windows-1252');
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Per needles: code unit → 0 unknown, 1 cannot be part of a match, 2 may be. */
const relevance = new WeakMap<Needles, Uint8Array>();

function relevanceOf(needles: Needles): Uint8Array {
  let table = relevance.get(needles);
  if (table === undefined) {
    table = new Uint8Array(0x10000);
    relevance.set(needles, table);
  }
  return table;
}

function isRelevant(needles: Needles, table: Uint8Array, unit: number): boolean {
  let known = table[unit]!;
  if (known === 0) {
    if (unit >= 0xd800 && unit <= 0xdfff) known = 2;
    else {
      const folded = foldChar(String.fromCharCode(unit));
      known = 1;
      for (let i = 0; i < folded.length; i++) if (needles.units.has(folded.charCodeAt(i))) known = 2;
    }
    table[unit] = known;
  }
  return known === 2;
}

/** Which of the four UTF-16 readings (LE even, LE odd, BE even, BE odd) may hold a match. */
function utf16Candidates(needles: Needles, bytes: Uint8Array): [boolean, boolean, boolean, boolean] {
  const table = relevanceOf(needles);
  const found: [boolean, boolean, boolean, boolean] = [false, false, false, false];
  for (let i = 0; i + 1 < bytes.length; i++) {
    const odd = i & 1;
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    if (!found[odd] && isRelevant(needles, table, a | (b << 8))) found[odd] = true;
    if (!found[2 + odd] && isRelevant(needles, table, (a << 8) | b)) found[2 + odd] = true;
    if (found[0] && found[1] && found[2] && found[3]) break;
  }
  return found;
}

function isAsciiText(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80 || byte === 0x1b) return false;
  }
  return true;
}

function hasC1(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80 && bytes[i]! < 0xa0) return true;
  return false;
}

/**
 * The readings of `bytes` worth searching. `charsets` is the Specific Character Set in effect,
 * `vr` the element's (a binary VR is read with text rules).
 */
export function readings(needles: Needles, bytes: Uint8Array, charsets: readonly string[], vr: string): Decoded[] {
  const out: Decoded[] = [];
  if (bytes.length === 0) return out;
  if (isAsciiText(bytes) && !charsets.some((term) => JIS_ROMAN.test(term))) out.push({ reading: 'latin-1', text: latin1(bytes), shift: 0 });
  else {
    const texts = new Set<string>();
    const push = (reading: Reading, text: string) => {
      if (texts.has(text)) return;
      texts.add(text);
      out.push({ reading, text, shift: 0 });
    };
    // The default repertoire is read as UTF-8 by the codec: the UTF-8 reading below is that one.
    if (charsets.length > 0) {
      try {
        push('charset', decodeText(bytes, charsets, vr));
      } catch (error) {
        if (!(error instanceof CharsetError)) throw error;
      }
    }
    push('utf-8', utf8.decode(bytes));
    push('latin-1', latin1(bytes));
    if (hasC1(bytes)) push('windows-1252', windows1252.decode(bytes));
  }
  if (bytes.length >= 2) {
    const [le0, le1, be0, be1] = utf16Candidates(needles, bytes);
    const even = (shift: number) => bytes.subarray(shift, shift + ((bytes.length - shift) & ~1));
    if (le0) out.push({ reading: 'utf-16le', text: utf16le.decode(even(0)), shift: 0 });
    if (le1) out.push({ reading: 'utf-16le', text: utf16le.decode(even(1)), shift: 1 });
    if (be0) out.push({ reading: 'utf-16be', text: utf16be.decode(even(0)), shift: 0 });
    if (be1) out.push({ reading: 'utf-16be', text: utf16be.decode(even(1)), shift: 1 });
  }
  return out;
}

/**
 * The byte offset (in the bytes read) of index `at` of a decoded text; undefined for the charset
 * reading, whose multi-byte and escape sequences are not mapped back.
 */
export function byteOffsetOf(decoded: Decoded, bytes: Uint8Array, at: number): number | undefined {
  switch (decoded.reading) {
    case 'latin-1':
    case 'windows-1252':
      return at;
    case 'utf-16le':
    case 'utf-16be':
      return decoded.shift + 2 * at;
    case 'utf-8': {
      let units = 0;
      let offset = 0;
      while (units < at && offset < bytes.length) {
        const run = utf8Run(bytes, offset);
        units += run === 4 ? 2 : 1;
        offset += Math.abs(run);
      }
      return offset;
    }
    default:
      return undefined;
  }
}
