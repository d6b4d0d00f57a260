/**
 * The search itself, over one folded text: letter runs are the words of the text; a name is a
 * run of consecutive words, separated by at most eight separator characters, whose letters split
 * exactly into a target's words in any order, each of the text's words holding whole name words
 * (`DUPONTJEAN` holds two). Bounded by non-letters by
 * construction (a word of the text is a maximal letter run). Han, kana and Hangul have no word
 * bounds: each of their characters is a word of its own.
 *
 * Plain ASCII bytes are searched as they are, without a string: ASCII folds to its lower case,
 * which is read on the fly, so the same search runs on both.
 */
import { foldString, foldText, originalEnd, originalStart } from '../text/fold.ts';
import { charKind, isSeparatorRun, KIND_LETTER, KIND_SEPARATOR, letterWidth, MAX_SEPARATOR_RUN } from '../text/separators.ts';
import { MIN_ID_CHARACTERS, type Needles, prefixKey, type Target } from './needles.ts';

/** Where a patient's name or PatientID was found, in text units (bytes for ASCII bytes). */
export interface TextHit {
  readonly patient: number;
  readonly start: number;
  readonly end: number;
  /** A PatientID token, not a name: never excused by a value written on purpose. */
  readonly patientId?: true;
}

/**
 * `own` for text that stands in every patient's files (a pseudonym id's prefix, a candidate id):
 * every patient's given names are searched alone in it too.
 */
export const EVERY_PATIENT = -2;

/** Folded text: a string, or plain ASCII bytes (folded = lower case). */
type Folded = string | Uint8Array;

// Imported functions and constants bound once: the TypeScript loader reads an import through a
// getter at every use, which costs more than the work in these loops.
const kindOf = charKind;
const keyOf = prefixKey;
const separatorRun = isSeparatorRun;
const letterAt = letterWidth;
const LETTER = KIND_LETTER;
const SEPARATOR = KIND_SEPARATOR;
const MAX_RUN = MAX_SEPARATOR_RUN;
const ID_PREFIX = MIN_ID_CHARACTERS;

const LOWER = new Uint8Array(128).map((_, b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b));

function unitAt(text: Folded, i: number): number {
  return typeof text === 'string' ? text.charCodeAt(i) : LOWER[text[i]! & 0x7f]!;
}

function sliceOf(text: Folded, start: number, end: number): string {
  if (typeof text === 'string') return text.slice(start, end);
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(LOWER[text[i]! & 0x7f]!);
  return out;
}

function isCjk(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff);
}

function isAlnumCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || kindOf(code) === LETTER;
  return kindOf(code) === LETTER || /\p{N}/u.test(String.fromCharCode(code));
}

function separatedBy(text: Folded, start: number, end: number): boolean {
  if (typeof text === 'string') return separatorRun(text, start, end);
  if (end - start > MAX_RUN) return false;
  for (let i = start; i < end; i++) if (kindOf(text[i]!) !== SEPARATOR) return false;
  return true;
}

/**
 * Whether `text` splits exactly into `words` (each used once, in any order) with a word boundary
 * at each of `cuts` (where the text's own words meet: a word of a name is never written in two
 * pieces, "HEAD_NECK" is not "HEADNECK"; CJK characters side by side are no such meeting).
 */
function splitsInto(text: string, words: readonly string[], cuts: readonly number[]): boolean {
  const crossesCut = (from: number, to: number) => cuts.some((cut) => cut > from && cut < to);
  if (words.length === 1) return text === words[0] && !crossesCut(0, text.length);
  const used = new Array<boolean>(words.length).fill(false);
  const from = (at: number, left: number): boolean => {
    if (left === 0) return at === text.length;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if (used[w] || !text.startsWith(word, at) || crossesCut(at, at + word.length)) continue;
      used[w] = true;
      const ok = from(at + word.length, left - 1);
      used[w] = false;
      if (ok) return true;
    }
    return false;
  };
  return from(0, words.length);
}

function isProtected(protect: readonly string[], text: string, start: number, end: number): boolean {
  for (const value of protect) {
    if (value.length < end - start) continue;
    const at = text.indexOf(value, Math.max(0, end - value.length));
    if (at >= 0 && at <= start) return true;
    if (isShortenedAt(value, text, start, end)) return true;
  }
  return false;
}

/** Whether the text ends with the start of `value`, covering `[start, end)`: a value shortened to fit its VR. */
function isShortenedAt(value: string, text: string, start: number, end: number): boolean {
  const head = value.slice(0, Math.min(value.length, 12));
  let trimmed = text.length;
  while (trimmed > 0 && (text.charCodeAt(trimmed - 1) === 0x20 || text.charCodeAt(trimmed - 1) === 0)) trimmed--;
  if (trimmed < end) return false;
  for (let at = text.lastIndexOf(head, start); at >= 0; at = at === 0 ? -1 : text.lastIndexOf(head, at - 1)) {
    if (trimmed - at <= value.length && value.startsWith(text.slice(at, trimmed))) return true;
  }
  return false;
}

// The words of the text being searched, reused from one search to the next.
let starts = new Int32Array(256);
let ends = new Int32Array(256);

function pushWord(count: number, start: number, end: number): void {
  if (count === starts.length) {
    const grow = (old: Int32Array) => {
      const next = new Int32Array(old.length * 2);
      next.set(old);
      return next;
    };
    starts = grow(starts);
    ends = grow(ends);
  }
  starts[count] = start;
  ends[count] = end;
}

/** Kinds of ASCII bytes, from the one table of separators.ts (read once, for the byte loop). */
const ASCII_KIND = new Uint8Array(128).map((_, b) => kindOf(b));

/** Splits the text into words: maximal letter runs, each CJK character alone. Returns the count. */
function words(text: Folded, n: number): number {
  let count = 0;
  if (typeof text !== 'string') {
    for (let i = 0; i < n; ) {
      if (ASCII_KIND[text[i]! & 0x7f] !== LETTER) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && ASCII_KIND[text[j]! & 0x7f] === LETTER) j++;
      pushWord(count++, i, j);
      i = j;
    }
    return count;
  }
  for (let i = 0; i < n; ) {
    const code = text.charCodeAt(i);
    const width = kindOf(code) === LETTER ? 1 : isHighSurrogate(code) ? letterAt(text, i) : 0;
    if (width === 0) {
      i++;
      continue;
    }
    if (code >= 0x3040 && isCjkAt(text, i, code)) {
      pushWord(count++, i, i + width);
      i += width;
      continue;
    }
    let j = i + width;
    while (j < n) {
      const next = text.charCodeAt(j);
      const step = kindOf(next) === LETTER ? 1 : isHighSurrogate(next) ? letterAt(text, j) : 0;
      if (step === 0 || (next >= 0x3040 && isCjkAt(text, j, next))) break;
      j += step;
    }
    pushWord(count++, i, j);
    i = j;
  }
  return count;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Whether the word starting at `at` is a CJK character (each is a word of its own). */
function isCjkWord(text: Folded, at: number): boolean {
  return typeof text === 'string' && isCjkAt(text, at, text.charCodeAt(at));
}

/** CJK at `at`, whose unit is `code`: ideographs outside the BMP (CJK Extension B on) are too. */
function isCjkAt(text: string, at: number, code: number): boolean {
  if (!isHighSurrogate(code)) return isCjk(code);
  const point = text.codePointAt(at)!;
  return point >= 0x20000 && point <= 0x3ffff;
}

/** The first three letters from word `t` on, across separators (-1: none), into {@link first}. */
const first = new Int32Array(3);

function firstLetters(text: Folded, t: number, count: number): void {
  first[0] = -1;
  first[1] = -1;
  first[2] = -1;
  let k = 0;
  for (let w = t; w < count && k < 3; w++) {
    if (w > t && !separatedBy(text, ends[w - 1]!, starts[w]!)) break;
    for (let i = starts[w]!; i < ends[w]! && k < 3; i++) first[k++] = unitAt(text, i);
  }
}

/**
 * Every place of `folded` holding a name or PatientID; `own` is the patient number whose own
 * files these are (its given names are searched alone too); `extraProtect` (folded) adds values
 * written on purpose in this text's file.
 */
export function searchFolded(needles: Needles, folded: Folded, own: number | undefined, extraProtect: readonly string[] = []): TextHit[] {
  const hits: TextHit[] = [];
  const n = folded.length;
  const count = words(folded, n);
  const { prefixes, maxLetters, wordLengths, targetsByWord } = needles;
  for (let t = 0; t < count; t++) {
    firstLetters(folded, t, count);
    const c0 = first[0]!;
    const c1 = first[1]!;
    const c2 = first[2]!;
    if (prefixes[keyOf(c0, -1, -1)] !== 1 && prefixes[keyOf(c0, c1, -1)] !== 1 && prefixes[keyOf(c0, c1, c2)] !== 1) continue;
    // The letters of this word and the next ones, as long as separators allow and a target may need.
    let letters = sliceOf(folded, starts[t]!, ends[t]!);
    const cut: number[] = [letters.length];
    const hard: number[] = [];
    let last = t;
    while (letters.length < maxLetters && last + 1 < count && separatedBy(folded, ends[last]!, starts[last + 1]!)) {
      const glued = ends[last] === starts[last + 1] && isCjkWord(folded, starts[last]!) && isCjkWord(folded, starts[last + 1]!);
      if (!glued) hard.push(letters.length);
      last++;
      letters += sliceOf(folded, starts[last]!, ends[last]!);
      cut.push(letters.length);
    }
    for (const length of wordLengths) {
      if (length > letters.length) break;
      const candidates: readonly Target[] | undefined = targetsByWord.get(letters.slice(0, length));
      if (candidates === undefined) continue;
      for (const target of candidates) {
        if (target.ownOnly && target.patient !== own && own !== EVERY_PATIENT) continue;
        const k = cut.indexOf(target.letters);
        if (k < 0 || !splitsInto(letters.slice(0, target.letters), target.words, hard)) continue;
        hits.push({ patient: target.patient, start: starts[t]!, end: ends[t + k]! });
      }
    }
  }
  if (needles.idsByPrefix.size > 0) {
    for (let i = 0; i + ID_PREFIX <= n; i++) {
      if (needles.idFirstUnits[unitAt(folded, i)] !== 1) continue;
      if (i > 0 && isAlnumCode(unitAt(folded, i - 1))) continue;
      for (const { id, patient } of needles.idsByPrefix.get(sliceOf(folded, i, i + ID_PREFIX)) ?? []) {
        const end = i + id.length;
        if (end > n || sliceOf(folded, i, end) !== id || (end < n && isAlnumCode(unitAt(folded, end)))) continue;
        hits.push({ patient, start: i, end, patientId: true });
      }
    }
  }
  if (hits.length === 0) return hits;
  // Values written on purpose (ids, our own text) are never names: hits inside them go. A
  // PatientID inside an id stays: ids are issued so as to hold none, and one that does
  // (`subj_00000002` beside PatientID 00000002) shows it whole.
  const asString = sliceOf(folded, 0, n);
  const excused = (hit: TextHit) =>
    isProtected(needles.protect, asString, hit.start, hit.end) || isProtected(extraProtect, asString, hit.start, hit.end) || (hit.patientId !== true && isProtected(needles.ids, asString, hit.start, hit.end));
  return outermost(hits.filter((hit) => !excused(hit)));
}

/** Hits not inside a longer hit of the same patient ("Dupont" within "Jean Dupont" is one place). */
function outermost(hits: TextHit[]): TextHit[] {
  if (hits.length < 2) return hits;
  return hits.filter((hit) => !hits.some((other) => other !== hit && other.patient === hit.patient && other.start <= hit.start && other.end >= hit.end && other.end - other.start > hit.end - hit.start));
}

/**
 * {@link searchFolded} on text as decoded (folded here; hits in indices of `text`), or on plain
 * ASCII bytes (hits in byte offsets).
 */
export function searchText(needles: Needles, text: string | Uint8Array, own: number | undefined, extraProtect: readonly string[] = []): TextHit[] {
  if (typeof text !== 'string') return searchFolded(needles, text, own, extraProtect);
  const hits = searchFolded(needles, foldString(text), own, extraProtect);
  if (hits.length === 0) return hits;
  // Hits are rare: the offset map is built only for them.
  const folded = foldText(text);
  if (folded.origStart === undefined) return hits;
  return hits.map((hit) => ({ ...hit, start: originalStart(folded, hit.start), end: originalEnd(folded, hit.end - 1) }));
}
