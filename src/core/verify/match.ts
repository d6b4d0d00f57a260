/**
 * The search itself, over one folded text: letter runs are the words of the text; a name is a
 * run of consecutive words, separated by at most eight separator characters or by nothing, whose
 * letters split exactly into a target's words in any order. Bounded by non-letters by
 * construction (a word of the text is a maximal letter run). Han, kana and Hangul have no word
 * bounds: each of their characters is a word of its own.
 */
import { foldText, originalEnd, originalStart } from '../text/fold.ts';
import { isLetterCode, isSeparatorRun } from '../text/separators.ts';
import { MIN_ID_CHARACTERS, type Needles, type Target } from './needles.ts';

/** Where a patient's name or PatientID was found, in folded text units. */
export interface TextHit {
  readonly patient: number;
  readonly start: number;
  readonly end: number;
}

function isCjk(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff);
}

function isAlnumCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || isLetterCode(code) || (code >= 0x80 && /\p{N}/u.test(String.fromCharCode(code)));
}

/** Whether `text` splits exactly into `words` (each used once), in any order. */
function splitsInto(text: string, words: readonly string[]): boolean {
  const used = new Array<boolean>(words.length).fill(false);
  const from = (at: number, left: number): boolean => {
    if (left === 0) return at === text.length;
    for (let w = 0; w < words.length; w++) {
      if (used[w] || !text.startsWith(words[w]!, at)) continue;
      used[w] = true;
      const ok = from(at + words[w]!.length, left - 1);
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
  }
  return false;
}

/**
 * Every place of `folded` (already folded text) holding a name or PatientID; `own` is the
 * patient number whose own files these are (its given names are searched alone too);
 * `extraProtect` (folded) adds values written on purpose in this text's file.
 */
export function searchFolded(needles: Needles, folded: string, own: number | undefined, extraProtect: readonly string[] = []): TextHit[] {
  const hits: TextHit[] = [];
  const protect = extraProtect.length === 0 ? needles.protect : [...needles.protect, ...extraProtect];
  const n = folded.length;
  // The words of the text: maximal letter runs, each CJK character alone.
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n; ) {
    const code = folded.charCodeAt(i);
    if (!isLetterCode(code)) {
      i++;
      continue;
    }
    if (isCjk(code)) {
      starts.push(i);
      ends.push(i + 1);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n) {
      const next = folded.charCodeAt(j);
      if (!isLetterCode(next) || isCjk(next)) break;
      j++;
    }
    starts.push(i);
    ends.push(j);
    i = j;
  }
  const { firstUnits, maxLetters, wordLengths, targetsByWord } = needles;
  for (let t = 0; t < starts.length; t++) {
    if (firstUnits[folded.charCodeAt(starts[t]!)] !== 1) continue;
    // The letters of this word and the next ones, as long as separators allow and a target may need.
    let letters = folded.slice(starts[t]!, ends[t]!);
    const cut: number[] = [letters.length];
    let last = t;
    while (letters.length < maxLetters && last + 1 < starts.length && isSeparatorRun(folded, ends[last]!, starts[last + 1]!)) {
      last++;
      letters += folded.slice(starts[last]!, ends[last]!);
      cut.push(letters.length);
    }
    const candidates = new Set<Target>();
    for (const length of wordLengths) {
      if (length > letters.length) break;
      for (const target of targetsByWord.get(letters.slice(0, length)) ?? []) candidates.add(target);
    }
    for (const target of candidates) {
      if (target.ownOnly && target.patient !== own) continue;
      const k = cut.indexOf(target.letters);
      if (k < 0 || !splitsInto(letters.slice(0, target.letters), target.words)) continue;
      const start = starts[t]!;
      const end = ends[t + k]!;
      if (!isProtected(protect, folded, start, end)) hits.push({ patient: target.patient, start, end });
    }
  }
  if (needles.idsByPrefix.size > 0) {
    for (let i = 0; i + MIN_ID_CHARACTERS <= n; i++) {
      if (needles.idFirstUnits[folded.charCodeAt(i)] !== 1) continue;
      if (i > 0 && isAlnumCode(folded.charCodeAt(i - 1))) continue;
      for (const { id, patient } of needles.idsByPrefix.get(folded.slice(i, i + MIN_ID_CHARACTERS)) ?? []) {
        const end = i + id.length;
        if (!folded.startsWith(id, i) || (end < n && isAlnumCode(folded.charCodeAt(end)))) continue;
        if (!isProtected(protect, folded, i, end)) hits.push({ patient, start: i, end });
      }
    }
  }
  return outermost(hits);
}

/** Hits not inside a longer hit of the same patient ("Dupont" within "Jean Dupont" is one place). */
function outermost(hits: TextHit[]): TextHit[] {
  if (hits.length < 2) return hits;
  return hits.filter((hit) => !hits.some((other) => other !== hit && other.patient === hit.patient && other.start <= hit.start && other.end >= hit.end && other.end - other.start > hit.end - hit.start));
}

/** {@link searchFolded} on text as decoded (folded here); hits are in indices of `text`. */
export function searchText(needles: Needles, text: string, own: number | undefined, extraProtect: readonly string[] = []): TextHit[] {
  const folded = foldText(text);
  return searchFolded(needles, folded.text, own, extraProtect).map((hit) => ({
    patient: hit.patient,
    start: originalStart(folded, hit.start),
    end: originalEnd(folded, hit.end - 1),
  }));
}
