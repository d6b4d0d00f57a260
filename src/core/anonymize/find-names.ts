/**
 * The multi-pattern name scanner: every known patient's names and PatientIDs in any text, in
 * every form CONTRACT.md lists ("Names: what is matched"), reported in the original text's indices.
 */
import { CHAR_KIND, KIND_CJK, KIND_DIGIT, KIND_LETTER, classify, isAlnumAt, kindAt } from './chars.ts';
import { foldText, originalEnd, originalStart } from '../text/fold.ts';
import { MAX_SEPARATOR_RUN, separatorWidth } from '../text/separators.ts';
import type { IndexedForm, NameIndex } from './name-index.ts';
import { MIN_LONE_LETTERS } from './spelling.ts';

/** A stretch of text that names a known patient: `text.slice(start, end)` is what matched. */
export interface NameSpan {
  readonly start: number;
  readonly end: number;
  /** The {@link KnownPatient.id} of the patient named. */
  readonly patientId: string;
}

export interface FindOptions {
  /** When two patients match the same text equally well, this one wins (the file's own patient). */
  readonly prefer?: string;
  /**
   * Values written on purpose that may contain a name by chance (a keyed AccessionNumber hash
   * such as `7TEST2K…`): text inside them is not searched. Pseudonym ids are always protected.
   */
  readonly protect?: readonly string[];
  /**
   * The patient whose own file or path this text is: there every word of its names of 4 letters
   * or more is searched alone too, given names included ("Zandra arrived late").
   */
  readonly own?: string;
}

// Module-level copies: hot loops read them directly rather than through import bindings.
const KIND = CHAR_KIND;
const LETTER = KIND_LETTER;
const CJK = KIND_CJK;
const DIGIT = KIND_DIGIT;
const kindOfCharAt = kindAt;
const alnumAt = isAlnumAt;
const separatorWidthAt = separatorWidth;
const classifyCode = classify;
const fold = foldText;

/** Words of at most this many letters, all of them, do not make a partial name ("de la"). */
const SHORT_WORD = 2;
const MIN_PARTIAL_LETTERS = 5;

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/**
 * Whether the words of `form` chosen by `mask` make a name: all of them (the full name), or at
 * least two including a family word (`Dupont Jean` for `DUPONT^Jean^Marc`) that are not all
 * particles, and in CJK as many characters as a word searched alone has (千葉太郎 of 千葉^太郎^一,
 * not 千葉一 of an address 千葉一丁目). A single word is handled apart (family names alone).
 */
function formAccepts(form: IndexedForm, mask: number, wordText: readonly string[]): boolean {
  if (popcount(mask) < 2) return false;
  const n = Math.min(form.words.length, 30);
  if (mask === 2 ** n - 1) return true;
  let family = false;
  let letters = 0;
  let longest = 0;
  let characters = 0;
  for (let i = 0; i < n; i++) {
    if ((mask & (1 << i)) === 0) continue;
    family ||= form.family[i] === true;
    const word = wordText[form.words[i]!]!;
    letters += word.length;
    longest = Math.max(longest, word.length);
    // Characters, not UTF-16 units: 𠮷 is one.
    if (form.cjk) for (const _ of word) characters++;
  }
  if (!family) return false;
  return form.cjk ? characters >= MIN_LONE_LETTERS : letters >= MIN_PARTIAL_LETTERS && longest > SHORT_WORD;
}

/** The state of one search: the folded text, memoized trie walks, and the best match at a start. */
class Scan {
  readonly n: number;
  private readonly memo = new Map<number, number[]>();
  bestEnd = -1;
  bestPatient = -1;

  constructor(
    readonly index: NameIndex,
    readonly t: string,
    readonly prefer: number,
    readonly own: number,
  ) {
    this.n = t.length;
  }

  /** Name words starting at `start`, as flat pairs [word, end, word, end…]. */
  wordsAt(start: number): number[] {
    let found = this.memo.get(start);
    if (found !== undefined) return found;
    found = [];
    const t = this.t;
    let node = this.index.root.next.get(t.charCodeAt(start));
    for (let q = start + 1; node !== undefined; q++) {
      if (node.words !== undefined) for (const word of node.words) found.push(word, q);
      if (q >= this.n) break;
      node = node.next.get(t.charCodeAt(q));
    }
    this.memo.set(start, found);
    return found;
  }

  endsWord(end: number, cjk: boolean): boolean {
    return cjk || end >= this.n || kindOfCharAt(this.t, end) !== LETTER;
  }

  consider(end: number, patient: number): void {
    const { bestEnd, bestPatient, prefer } = this;
    const better = end > bestEnd || (end === bestEnd && patient !== bestPatient && (patient === prefer || (bestPatient !== prefer && patient < bestPatient)));
    if (better) {
      this.bestEnd = end;
      this.bestPatient = patient;
    }
  }

  /** Grows a partial match of `form` (words chosen by `mask`, ending at `end`) word by word. */
  extend(form: IndexedForm, mask: number, end: number): void {
    if (formAccepts(form, mask, this.index.wordText) && this.endsWord(end, form.cjk)) this.consider(end, form.patient);
    const size = Math.min(form.words.length, 30);
    if (mask === 2 ** size - 1) return;
    // Up to eight separator characters (one outside the BMP, 🙂, is two units), then the next word.
    let q = end;
    for (let k = 0; q < this.n; k++) {
      const width = separatorWidthAt(this.t, q);
      if (width > 0) {
        if (k === MAX_SEPARATOR_RUN) break;
        q += width;
        continue;
      }
      const words = this.wordsAt(q);
      for (let w = 0; w < words.length; w += 2) {
        const word = words[w]!;
        for (let i = 0; i < size; i++) {
          if (form.words[i] === word && (mask & (1 << i)) === 0) {
            this.extend(form, mask | (1 << i), words[w + 1]!);
            break;
          }
        }
      }
      break;
    }
  }

  /**
   * The best match starting at `p` (in {@link bestEnd}, {@link bestPatient}); returns the end of
   * a pseudonym id starting there instead, or -1.
   */
  matchAt(p: number, nameStart: boolean, idStart: boolean, cjk: boolean): number {
    const { index, t, n } = this;
    this.bestEnd = -1;
    this.bestPatient = -1;
    let pseudonymEnd = -1;
    let node = index.root.next.get(t.charCodeAt(p));
    for (let q = p + 1; node !== undefined; q++) {
      const bounded = !(q < n && alnumAt(t, q));
      if (node.pseudonym && bounded) pseudonymEnd = q;
      if (idStart && node.ids !== undefined && bounded) for (const patient of node.ids) this.consider(q, patient);
      if (nameStart && node.words !== undefined) {
        for (const word of node.words) {
          const lone = index.lonePatients.get(word);
          if (lone !== undefined && this.endsWord(q, cjk)) for (const patient of lone) this.consider(q, patient);
          if (this.own >= 0 && index.ownPatients.get(word)?.includes(this.own) === true && this.endsWord(q, cjk)) this.consider(q, this.own);
          for (const f of index.formsOfWord[word] ?? []) {
            const form = index.forms[f]!;
            const position = form.words.indexOf(word);
            if (position >= 0 && position < 30) this.extend(form, 1 << position, q);
          }
        }
      }
      if (q >= n) break;
      node = node.next.get(t.charCodeAt(q));
    }
    return idStart ? pseudonymEnd : -1;
  }
}

/** Every span of `text` that names a known patient; overlapping matches merged, longest first. */
export function findNames(index: NameIndex, text: string, options: FindOptions = {}): NameSpan[] {
  if (text.length === 0 || index.root.next.size === 0) return [];
  const folded = fold(text);
  const t = folded.text;
  const n = t.length;
  const root = index.root.next;
  const prefer = options.prefer === undefined ? -1 : (index.patientNumber.get(options.prefer) ?? -1);
  const own = options.own === undefined ? -1 : (index.patientNumber.get(options.own) ?? -1);
  const guarded = options.protect === undefined || options.protect.length === 0 ? [] : protectedRanges(t, options.protect);
  let scan: Scan | undefined;
  const spans: { start: number; end: number; patient: number }[] = [];
  let guardedUntil = 0;
  // Class of the previous unit: 0 at the start (a boundary).
  let previous = 0;
  for (let p = 0; p < n; p++) {
    const c = t.charCodeAt(p);
    let kind = KIND[c]!;
    if (kind === 0) kind = classifyCode(c);
    // Half of a surrogate pair: the pair's class (an Adlam letter, an ideograph, an emoji).
    if (c >= 0xd800 && c <= 0xdfff) kind = kindOfCharAt(t, p);
    const prev = previous;
    previous = kind;
    if (kind !== LETTER && kind !== CJK && kind !== DIGIT) continue;
    if (!root.has(c)) continue;
    while (guarded.length > 0 && guarded[0]!.start <= p) guardedUntil = Math.max(guardedUntil, guarded.shift()!.end);
    if (p < guardedUntil) continue;
    const cjk = kind === CJK;
    const nameStart = cjk || (kind === LETTER && prev !== LETTER);
    const idStart = prev !== LETTER && prev !== DIGIT && prev !== CJK;
    if (!nameStart && !idStart) continue;
    scan ??= new Scan(index, t, prefer, own);
    const pseudonymEnd = scan.matchAt(p, nameStart, idStart, cjk);
    if (pseudonymEnd > p) {
      // Our own id: never a name, nor anything inside it.
      guardedUntil = pseudonymEnd;
      continue;
    }
    if (scan.bestEnd > p) spans.push({ start: p, end: scan.bestEnd, patient: scan.bestPatient });
  }
  if (spans.length === 0) return [];
  return mergeSpans(spans).map((span) => ({
    start: originalStart(folded, span.start),
    end: originalEnd(folded, span.end - 1),
    patientId: index.patients[span.patient]!.id,
  }));
}

const foldedNeedles = new Map<string, string>();

/** Where the protected values occur in folded text, sorted by start. */
function protectedRanges(folded: string, protect: readonly string[] | undefined): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const value of protect ?? []) {
    let needle = foldedNeedles.get(value);
    if (needle === undefined) {
      needle = fold(value).text;
      if (foldedNeedles.size > 4096) foldedNeedles.clear();
      foldedNeedles.set(value, needle);
    }
    if (needle.length === 0) continue;
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) ranges.push({ start: at, end: at + needle.length });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** Overlapping spans become one; the longer of two names the patient. Input sorted by start. */
function mergeSpans<T extends { start: number; end: number; patient: number }>(spans: T[]): T[] {
  const out: T[] = [];
  for (const span of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && span.start < last.end) {
      if (span.end - span.start > last.end - last.start) last.patient = span.patient;
      last.end = Math.max(last.end, span.end);
    } else out.push({ ...span });
  }
  return out;
}

/** `text` with every name and PatientID replaced by `idFor(patientId)` (by default the id itself). */
export function replaceNames(
  text: string,
  index: NameIndex,
  idFor: (patientId: string) => string = (id) => id,
  options: FindOptions = {},
): string {
  const spans = findNames(index, text, options);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + idFor(span.patientId);
    at = span.end;
  }
  return out + text.slice(at);
}
