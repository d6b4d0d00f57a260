/**
 * Names searched in raw bytes, whatever their declared character set: as UTF-8, Latin-1
 * (Windows-1252, a superset) and UTF-16 (LE and BE) at both alignments. This is how verification sees the
 * preamble, headers, binary values and text written in the wrong encoding.
 */
import { latinReadings } from '../dicom/charset.ts';
import { utf8Run } from '../dicom/utf8.ts';
import { foldChar } from '../text/fold.ts';
import { codePageReadings, type ReadingFilter, readingsNamesMayHold } from '../text/name-readings.ts';
import { isSeparatorCode, MAX_SEPARATOR_RUN } from '../text/separators.ts';
import { type FindOptions, findNames } from './find-names.ts';
import type { NameIndex } from './name-index.ts';

/** A name or PatientID found in bytes: `[offset, offset + length)` relative to the bytes given. */
export interface ByteHit {
  readonly offset: number;
  readonly length: number;
  readonly patientId: string;
  /** How the bytes were read; a legacy code page (`shift_jis`…) when in one, its offset then the value's start. */
  readonly encoding: string;
}

/** Which legacy code page readings of a value are worth a search: a letter beyond Latin-1 that names hold. */
function codePageFilter(index: NameIndex): ReadingFilter {
  return readingsNamesMayHold(index.units, 0x100);
}

const utf8 = new TextDecoder('utf-8');
const utf16 = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');
const UTF16 = [[utf16, 'utf-16le'], [utf16be, 'utf-16be']] as const;
/** Every unit of each reading: an index with names beyond Latin-1 reads every value whole. */
const WHOLE_READINGS = [[0, Number.MAX_SAFE_INTEGER], [0, Number.MAX_SAFE_INTEGER], [0, Number.MAX_SAFE_INTEGER], [0, Number.MAX_SAFE_INTEGER]];

/**
 * Byte offset of UTF-16 index `index` in `TextDecoder('utf-8')`'s decoding of `bytes`. Invalid
 * bytes are walked as the WHATWG Encoding Standard's UTF-8 decoder walks them:
 * one U+FFFD for each maximal subpart of an ill-formed sequence, so offsets after bad bytes are
 * still exact.
 */
export function utf8Offset(bytes: Uint8Array, index: number): number {
  let units = 0;
  let i = 0;
  while (i < bytes.length && units < index) {
    const run = utf8Run(bytes, i);
    // A whole four-byte sequence is two UTF-16 units; anything else (a cut one included) is one.
    units += run === 4 ? 2 : 1;
    i += Math.abs(run);
  }
  return i;
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

// What a UTF-16 unit is to the names of an index: the folded units it gives that names hold (1–63),
// or one of these.
const UNKNOWN = 0;
const SEPARATOR = 64;
/** Folds away (a combining mark, a soft hyphen) or is the second half of a surrogate pair. */
const NEUTRAL = 65;
const OTHER = 66;
const HIGH_SURROGATE = 67;

/** Per index: {@link unitWeight} of every UTF-16 unit, worked out as met. */
const unitWeights = new WeakMap<NameIndex, Uint8Array>();
/** Per index: weights of characters outside the BMP (𝐃, 🄳), by code point. */
const astralWeights = new WeakMap<NameIndex, Map<number, number>>();

/**
 * Blocks whose characters fold to themselves (CJK unified ideographs, Hangul syllables, private
 * use): most pairs of random bytes land there, and the fold of each need not be worked out.
 */
function foldsToItself(unit: number): boolean {
  return (unit >= 0x3400 && unit <= 0x4dbf) || (unit >= 0x4e00 && unit <= 0x9fff) || (unit >= 0xac00 && unit <= 0xd7a3) || (unit >= 0xe000 && unit <= 0xf8ff);
}

function weightOfText(index: NameIndex, text: string, code: number): number {
  const folded = foldChar(text);
  if (folded.length === 0) return NEUTRAL;
  for (let i = 0; i < folded.length; i++) if (index.units.has(folded.charCodeAt(i))) return Math.min(folded.length, 63);
  return isSeparatorCode(code) ? SEPARATOR : OTHER;
}

function unitWeight(index: NameIndex, table: Uint8Array, unit: number): number {
  let weight = table[unit]!;
  if (weight !== UNKNOWN) return weight;
  if (unit >= 0xd800 && unit <= 0xdbff) weight = HIGH_SURROGATE;
  else if (unit >= 0xdc00 && unit <= 0xdfff) weight = NEUTRAL;
  else if (foldsToItself(unit)) weight = index.units.has(unit) ? 1 : OTHER;
  else weight = weightOfText(index, String.fromCharCode(unit), unit);
  table[unit] = weight;
  return weight;
}

function pairWeight(index: NameIndex, high: number, low: number): number {
  if (low < 0xdc00 || low > 0xdfff) return OTHER;
  let known = astralWeights.get(index);
  if (known === undefined) {
    known = new Map();
    astralWeights.set(index, known);
  }
  const code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  let weight = known.get(code);
  if (weight === undefined) {
    weight = weightOfText(index, String.fromCodePoint(code), code);
    if (known.size < 100_000) known.set(code, weight);
  }
  return weight;
}

/** Units of context kept after a run: the character after it (a surrogate pair too). */
const CONTEXT = 2;
/** Marks and format characters looked through for the character before a run, at most. */
const MAX_MARKS_BEFORE = 32;

/**
 * Where the context before a run that starts at unit `start` begins: the whole character before
 * it, past any marks and format characters on it (they fold away, so the character they sit on
 * is what bounds the word) and both halves of a surrogate pair. Two units back, as the context
 * after a run is, would cut 𓐵 + U+0313 to a lone low surrogate and a mark, which read as a
 * boundary the whole reading does not have.
 */
function contextStart(index: NameIndex, table: Uint8Array, bytes: Uint8Array, order: number, align: number, start: number): number {
  const unitAt = (at: number) => bytes[align + 2 * at + order]! | (bytes[align + 2 * at + 1 - order]! << 8);
  let from = start;
  for (let looked = 0; from > 0 && looked <= MAX_MARKS_BEFORE; looked++) {
    from -= 1;
    const unit = unitAt(from);
    let weight: number;
    const high = from > 0 && unit >= 0xdc00 && unit <= 0xdfff ? unitAt(from - 1) : 0;
    if (high >= 0xd800 && high <= 0xdbff) {
      from -= 1;
      weight = pairWeight(index, high, unit);
    } else weight = table[unit] === UNKNOWN ? unitWeight(index, table, unit) : table[unit]!;
    if (weight !== NEUTRAL) return from;
  }
  return from;
}

/**
 * Where each of the four UTF-16 readings (LE from byte 0, LE from byte 1, BE from 0, BE from 1)
 * may hold a name or PatientID, as unit ranges `[start, end)` in flat pairs, in order: runs of units
 * that fold to letters the names hold, with at most {@link MAX_SEPARATOR_RUN} separators in a row
 * between them, as long as the shortest match, each with the character on either side (which says
 * whether a word ends there). Any spelling the finder folds counts: NFKC makes full-width
 * ＤＵＰＯＮＴ (FF24 FF35…, no NUL byte), circled, squared or mathematical letters the letters they
 * are. Random bytes hold such runs here and there; only they are decoded and searched.
 */
function utf16Windows(index: NameIndex, bytes: Uint8Array): number[][] {
  let table = unitWeights.get(index);
  if (table === undefined) {
    table = new Uint8Array(0x10000);
    unitWeights.set(index, table);
  }
  const windows: number[][] = [];
  for (const order of [0, 1]) for (const align of [0, 1]) windows.push(runsOfReading(index, table, bytes, order, align));
  return windows;
}

/** {@link utf16Windows} of one reading: `order` 0 little-endian, 1 big-endian, from byte `align`. */
function runsOfReading(index: NameIndex, table: Uint8Array, bytes: Uint8Array, order: number, align: number): number[] {
  const windows: number[] = [];
  const need = index.shortest;
  const n = bytes.length;
  let letters = 0;
  let separators = 0;
  let start = 0;
  for (let i = align; i <= n; i += 2) {
    // The unit's low byte first in little-endian; past the end (an odd tail), the run closes.
    let weight = OTHER;
    if (i + 1 < n) {
      const unit = bytes[i + order]! | (bytes[i + 1 - order]! << 8);
      weight = table[unit]!;
      // Most units of binary data: neither a letter of the names nor inside a run.
      if (weight === OTHER && letters === 0) continue;
      if (weight === UNKNOWN) weight = unitWeight(index, table, unit);
      if (weight === HIGH_SURROGATE) weight = i + 3 < n ? pairWeight(index, unit, bytes[i + 2 + order]! | (bytes[i + 3 - order]! << 8)) : OTHER;
    }
    if (weight < SEPARATOR) {
      if (letters === 0) start = (i - align) >> 1;
      letters += weight;
      separators = 0;
      continue;
    }
    if (letters === 0 || weight === NEUTRAL || (weight === SEPARATOR && ++separators <= MAX_SEPARATOR_RUN)) continue;
    if (letters >= need) {
      const from = contextStart(index, table, bytes, order, align, start);
      const to = ((i - align) >> 1) + CONTEXT;
      if (windows.length > 0 && from <= windows[windows.length - 1]!) windows[windows.length - 1] = to;
      else windows.push(from, to);
    }
    letters = 0;
    separators = 0;
  }
  return windows;
}

/**
 * Every known name or PatientID in `bytes` read as Latin-1, UTF-8 (when bytes ≥ 0x80 exist) and
 * UTF-16LE and BE at both alignments (where each may hold a name: {@link utf16Windows}),
 * sorted by offset. `searched`: readings of these bytes already searched with `options` and found
 * to hold nothing, skipped when a reading here is one of them.
 */
export function findNamesInBytes(index: NameIndex, bytes: Uint8Array, options: FindOptions = {}, searched: readonly string[] = []): ByteHit[] {
  if (bytes.length === 0) return [];
  const hits: ByteHit[] = [];
  for (const reading of latinReadings(bytes)) {
    // A text value's reading the caller searched with the same options finds what it found: nothing.
    if (searched.includes(reading)) continue;
    for (const span of findNames(index, reading, options)) {
      hits.push({ offset: span.start, length: span.end - span.start, patientId: span.patientId, encoding: 'latin-1' });
    }
  }
  if (hasHighBytes(bytes)) {
    const text = utf8.decode(bytes);
    for (const span of searched.includes(text) ? [] : findNames(index, text, options)) {
      const offset = utf8Offset(bytes, span.start);
      const end = utf8Offset(bytes, span.end);
      hits.push({ offset, length: end - offset, patientId: span.patientId, encoding: 'utf-8' });
    }
  }
  // Any two bytes are a CJK, Cyrillic or Greek character in UTF-16: an index with such names has
  // every value read whole (kana and Hangul in NFD are letters only once composed, which a run of
  // units taken one by one cannot tell). Otherwise only the stretches where enough units fold to
  // the names' letters are decoded.
  if (bytes.length >= 4) {
    const windows = index.hasWide ? WHOLE_READINGS : utf16Windows(index, bytes);
    for (const [order, [decoder, encoding]] of UTF16.entries()) {
      for (const align of [0, 1]) {
        const ranges = windows[2 * order + align]!;
        for (let w = 0; w < ranges.length; w += 2) {
          const first = ranges[w]!;
          // Whole units only: big-endian text is read as such, not as little-endian one byte on.
          const from = align + 2 * first;
          const text = decoder.decode(bytes.subarray(from, from + ((Math.min(bytes.length, align + 2 * ranges[w + 1]!) - from) & ~1)));
          for (const span of findNames(index, text, options)) {
            const offset = align + 2 * (first + span.start);
            const length = 2 * (span.end - span.start);
            // UTF-16LE text of a Latin name reads as the same name in BE one byte further on: one hit.
            if (encoding === 'utf-16be' && hits.some((h) => h.encoding === 'utf-16le' && h.patientId === span.patientId && h.offset < offset + length && offset < h.offset + h.length)) continue;
            hits.push({ offset, length, patientId: span.patientId, encoding });
          }
        }
      }
    }
  }
  // Last resort, as a name another reading found needs no second hit: a legacy code page (the
  // whole value is the hit, as such readings are not mapped back to bytes).
  if (hits.length === 0 && hasHighBytes(bytes)) {
    for (const { encoding, text } of codePageReadings(bytes, codePageFilter(index))) {
      for (const span of findNames(index, text, options)) hits.push({ offset: 0, length: bytes.length, patientId: span.patientId, encoding });
    }
  }
  return hits.sort((a, b) => a.offset - b.offset);
}
