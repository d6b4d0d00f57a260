/**
 * Every plausible reading of a run of bytes (CONTRACT.md, "Verification is a second opinion"):
 * the element's character set, UTF-8, Latin-1 (and Windows-1252 where they differ), UTF-16 LE and
 * BE at either byte alignment. Readings that cannot hold a name are skipped only where that is
 * provable:
 * - bytes below 0x80 without ESC read alike in every charset but JIS X 0201 (which reads 0x5C and
 *   0x7E as ¥ and ‾), in UTF-8 and in Latin-1: one reading;
 * - a UTF-16 reading whose characters (surrogate pairs as one) fold to fewer characters of
 *   searched words and PatientIDs than the shortest target has cannot match: such readings are
 *   not decoded.
 */
import { decodeText, decodeWindows1252 } from '../dicom/charset.ts';
import { utf8Run } from '../dicom/utf8.ts';
import { CharsetError } from '../errors.ts';
import { foldChar } from '../text/fold.ts';
import { codePageReadings, type ReadingFilter, readingsNamesMayHold } from '../text/name-readings.ts';
import type { Needles } from './needles.ts';

/** How bytes were read when a name was found in them. */
export type Reading = 'charset' | 'utf-8' | 'latin-1' | 'windows-1252' | 'utf-16le' | 'utf-16be' | 'code-page';

export interface Decoded {
  readonly reading: Reading;
  /** The text, or the bytes themselves when they are plain ASCII (searched without a string). */
  readonly text: string | Uint8Array;
  /** Byte offset (in the bytes given) of the first code unit: 1 for UTF-16 read from an odd byte. */
  readonly shift: number;
  /** How text indices map back to bytes. */
  readonly map: OffsetMap;
}

/**
 * `bytes`: one unit per byte; `utf-16`: two bytes per unit; `utf-8`: the Encoding Standard's
 * decoding (one U+FFFD per ill-formed subpart); `utf-8-lenient`: the codec's (one unit per
 * ill-formed byte); `none`: not mapped (escape sequences, multi-byte charsets).
 */
export type OffsetMap = 'bytes' | 'utf-16' | 'utf-8' | 'utf-8-lenient' | 'none';

/** VRs the codec reads in the element's character set (others: the default repertoire). */
const TEXT_VRS: ReadonlySet<string> = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);

/** JIS X 0201 Romaji: ASCII but for ¥ and ‾. */
const JIS_ROMAN = /IR 13$/;

// A byte order mark is kept (it folds away): offsets in the text then map back to bytes.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Per needles: code unit → how many characters of searched words its fold gives (255: not yet known). */
const weights = new WeakMap<Needles, Uint8Array>();

function weightsOf(needles: Needles): Uint8Array {
  let table = weights.get(needles);
  if (table === undefined) {
    table = new Uint8Array(0x10000).fill(UNKNOWN);
    weights.set(needles, table);
  }
  return table;
}

const UNKNOWN = 255;
/** A high surrogate: its weight is its pair's, when a low surrogate follows. */
const HIGH_SURROGATE = 254;

/**
 * Blocks whose characters fold to themselves (CJK unified ideographs, Hangul syllables, private
 * use): random bytes read as UTF-16 land there most of the time, and the fold of each need not be
 * worked out.
 */
function foldsToItself(unit: number): boolean {
  return (unit >= 0x3400 && unit <= 0x4dbf) || (unit >= 0x4e00 && unit <= 0x9fff) || (unit >= 0xac00 && unit <= 0xd7a3) || (unit >= 0xe000 && unit <= 0xf8ff);
}

function computeWeight(needles: Needles, table: Uint8Array, unit: number): number {
  let weight = 0;
  // A lone surrogate decodes to U+FFFD, which is no name's: weight 0 (a low one is counted with its pair).
  if (unit >= 0xd800 && unit <= 0xdbff) weight = HIGH_SURROGATE;
  else if (foldsToItself(unit)) weight = needles.units.has(unit) ? 1 : 0;
  else if (unit < 0xdc00 || unit > 0xdfff) weight = foldWeight(needles, String.fromCharCode(unit));
  table[unit] = weight;
  return weight;
}

/** How many characters of searched words the fold of `text` gives (0 when none is). */
function foldWeight(needles: Needles, text: string): number {
  const folded = foldChar(text);
  for (let i = 0; i < folded.length; i++) if (needles.units.has(folded.charCodeAt(i))) return Math.min(folded.length, 64);
  return 0;
}

/** Weights of astral characters (surrogate pairs), per needles. */
const astralWeights = new WeakMap<Needles, Map<number, number>>();

function pairWeight(needles: Needles, high: number, low: number): number {
  if (low < 0xdc00 || low > 0xdfff) return 0;
  let known = astralWeights.get(needles);
  if (known === undefined) {
    known = new Map();
    astralWeights.set(needles, known);
  }
  const code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  let weight = known.get(code);
  if (weight === undefined) {
    weight = foldWeight(needles, String.fromCodePoint(code));
    if (known.size < 100_000) known.set(code, weight);
  }
  return weight;
}

/**
 * Which of the four UTF-16 readings (LE even, LE odd, BE even, BE odd) may hold a match: every
 * character of a match is a character of a searched word or PatientID, so a reading whose code
 * units fold to fewer such characters than the shortest target holds none.
 */
function utf16Candidates(needles: Needles, bytes: Uint8Array): [boolean, boolean, boolean, boolean] {
  const table = weightsOf(needles);
  const need = needles.minLetters;
  const sums = [0, 0, 0, 0];
  const n = bytes.length;
  for (let i = 0; i + 1 < n; i++) {
    const odd = i & 1;
    const a = bytes[i]!;
    const b = bytes[i + 1]!;
    const le = a | (b << 8);
    const be = (a << 8) | b;
    let weight = table[le]!;
    if (weight === UNKNOWN) weight = computeWeight(needles, table, le);
    if (weight === HIGH_SURROGATE) weight = i + 3 < n ? pairWeight(needles, le, bytes[i + 2]! | (bytes[i + 3]! << 8)) : 0;
    sums[odd]! += weight;
    weight = table[be]!;
    if (weight === UNKNOWN) weight = computeWeight(needles, table, be);
    if (weight === HIGH_SURROGATE) weight = i + 3 < n ? pairWeight(needles, be, (bytes[i + 2]! << 8) | bytes[i + 3]!) : 0;
    sums[2 + odd]! += weight;
  }
  return [sums[0]! >= need, sums[1]! >= need, sums[2]! >= need, sums[3]! >= need];
}

/** Conjoining jamo and kana voicing marks: NFD text whose fold differs from its NFC's. */
const DECOMPOSED_KEPT = /[\u1100-\u11ff\u3099\u309a]/;

/**
 * Hangul syllables and kana are folded whole (a voicing mark tells two sounds apart), so their NFD
 * form is read again composed: NFD text is found like NFC.
 */
function composeKept(out: Decoded[]): void {
  for (const decoded of [...out]) {
    if (typeof decoded.text !== 'string' || !DECOMPOSED_KEPT.test(decoded.text)) continue;
    const composed = decoded.text.normalize('NFC');
    if (composed !== decoded.text) out.push({ reading: decoded.reading, text: composed, shift: decoded.shift, map: 'none' });
  }
}

/** Which legacy code page readings are worth a search: a letter beyond Latin-1 that names hold. */
function codePageFilter(needles: Needles): ReadingFilter {
  return readingsNamesMayHold(needles.units, 0x100);
}

/** Adds a reading unless an earlier one gave the same text. */
function pushNew(out: Decoded[], reading: Reading, text: string, map: OffsetMap): void {
  for (const known of out) if (known.text === text) return;
  out.push({ reading, text, shift: 0, map });
}

/** The whole UTF-16 units of `bytes` from byte `shift` on. */
function evenFrom(bytes: Uint8Array, shift: number): Uint8Array {
  return bytes.subarray(shift, shift + ((bytes.length - shift) & ~1));
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
  if (isAsciiText(bytes) && !charsets.some((term) => JIS_ROMAN.test(term))) out.push({ reading: 'latin-1', text: bytes, shift: 0, map: 'bytes' });
  else {
    // ISO_IR 100 is Latin-1, read below; any other charset (the default one too: UTF-8 with
    // ill-formed bytes as Latin-1) is read by the codec, binary VRs as text would be.
    if (!(charsets.length === 1 && charsets[0] === 'ISO_IR 100')) {
      try {
        const text = decodeText(bytes, charsets, TEXT_VRS.has(vr) ? vr : 'UT');
        const lenientUtf8 = charsets.length === 0 || (charsets.length === 1 && charsets[0] === 'ISO_IR 192');
        pushNew(out, 'charset', text, lenientUtf8 ? 'utf-8-lenient' : text.length === bytes.length ? 'bytes' : 'none');
      } catch (error) {
        if (!(error instanceof CharsetError)) throw error;
      }
    }
    pushNew(out, 'utf-8', utf8.decode(bytes), 'utf-8');
    pushNew(out, 'latin-1', latin1(bytes), 'bytes');
    if (hasC1(bytes)) pushNew(out, 'windows-1252', decodeWindows1252(bytes), 'bytes');
    composeKept(out);
  }
  if (bytes.length >= 2) {
    const [le0, le1, be0, be1] = utf16Candidates(needles, bytes);
    if (le0) out.push({ reading: 'utf-16le', text: utf16le.decode(evenFrom(bytes, 0)), shift: 0, map: 'utf-16' });
    if (le1) out.push({ reading: 'utf-16le', text: utf16le.decode(evenFrom(bytes, 1)), shift: 1, map: 'utf-16' });
    if (be0) out.push({ reading: 'utf-16be', text: utf16be.decode(evenFrom(bytes, 0)), shift: 0, map: 'utf-16' });
    if (be1) out.push({ reading: 'utf-16be', text: utf16be.decode(evenFrom(bytes, 1)), shift: 1, map: 'utf-16' });
    composeKept(out);
  }
  // Last: a searcher may skip them once another reading found a name (they would find it again).
  for (const { text } of codePageReadings(bytes, codePageFilter(needles))) pushNew(out, 'code-page', text, 'none');
  return out;
}

/**
 * The byte offset (in the bytes read) of index `at` of a decoded text; undefined for the charset
 * reading, whose multi-byte and escape sequences are not mapped back.
 */
export function byteOffsetOf(decoded: Decoded, bytes: Uint8Array, at: number): number | undefined {
  switch (decoded.map) {
    case 'bytes':
      return at;
    case 'utf-16':
      return decoded.shift + 2 * at;
    case 'utf-8':
    case 'utf-8-lenient': {
      let units = 0;
      let offset = 0;
      while (units < at && offset < bytes.length) {
        const run = utf8Run(bytes, offset);
        units += run === 4 ? 2 : 1;
        offset += run > 0 || decoded.map === 'utf-8' ? Math.abs(run) : 1;
      }
      return offset;
    }
    default:
      return undefined;
  }
}
