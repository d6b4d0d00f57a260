/**
 * A spelling prepared for comparison: its folded words (plus the German second key when it has
 * umlauts), the strings the edit-distance measure compares, and its canonical form (the sorted
 * words), which is what ids are derived from. Also: DICOM PN values split into spellings, and the
 * values that are not names at all ("Anonymized", "Unknown"…).
 */
import { arePlaceholderWords, isPlaceholder } from '../text/placeholders.ts';
import { hasUmlaut, nameWords } from './fold.ts';

/** One folded reading of a spelling. */
export interface NameKey {
  /** Folded words in written order. */
  readonly words: readonly string[];
  /**
   * Compared by normalized Levenshtein, like with like: `[written, sorted]`, the words run together
   * as written and in sorted order, so "DUPONTJEAN", "Dupont Jean" and "Jean Dupont" all have
   * "dupontjean" in one of the two places they are compared.
   */
  readonly strings: readonly [written: string, sorted: string];
}

/** A spelling ready to be compared; build it once with {@link prepareName}, compare it many times. */
export interface PreparedName {
  /** The spelling as given. */
  readonly text: string;
  /**
   * The plain folding first; then, when they differ, particles glued to the next word, and the
   * same two with umlauts expanded.
   */
  readonly keys: readonly NameKey[];
  /** Sorted folded words joined by one space: equal for "DUPONT^Jean" and "jean dupont". */
  readonly canonical: string;
}

// Particles that are also written glued to the name they precede: "van der Berg" = "Vanderberg".
const PARTICLES = new Set([
  'de', 'del', 'della', 'der', 'des', 'di', 'da', 'das', 'do', 'dos', 'du', 'el', 'al', 'la', 'le',
  'van', 'von', 'ten', 'ter', 'zu', 'mac', 'mc', 'st', 'saint', 'sainte',
]);

/** A particle ("de", "van", "mac"…): part of a family name, never enough to say two names agree. */
export function isParticle(word: string): boolean {
  return PARTICLES.has(word);
}

function makeKey(words: string[]): NameKey {
  return { words, strings: [words.join(''), [...words].sort().join('')] };
}

/** The words with each run of particles glued to the word that follows it. */
function glueParticles(words: readonly string[]): string[] {
  const out: string[] = [];
  let pending = '';
  for (const word of words) {
    if (PARTICLES.has(word)) pending += word;
    else {
      out.push(pending + word);
      pending = '';
    }
  }
  if (pending !== '') out.push(pending);
  return out;
}

function readings(words: string[]): string[][] {
  const glued = glueParticles(words);
  return glued.length === words.length ? [words] : [words, glued];
}

/**
 * Prepares one spelling (a PN component group such as "DUPONT^Jean", or spreadsheet text such as
 * "Jean Dupont" or "DUPONT, Jean"). Returns undefined when it is no usable name.
 * @example prepareName('Müller^Jörg')!.keys.map((k) => k.words) // [['muller','jorg'], ['mueller','joerg']]
 */
export function prepareName(text: string): PreparedName | undefined {
  const words = nameWords(text);
  if (words.length === 0 || arePlaceholderWords(words) || isPlaceholder(text)) return undefined;
  const variants = readings(words);
  if (hasUmlaut(text)) variants.push(...readings(nameWords(text, true)));
  const seen = new Set<string>();
  const keys: NameKey[] = [];
  for (const variant of variants) {
    const id = variant.join(' ');
    if (seen.has(id)) continue;
    seen.add(id);
    keys.push(makeKey(variant));
  }
  return { text, keys, canonical: [...words].sort().join(' ') };
}

/** True when `text` names someone (not empty, "Anonymized", "Anonymous", "Unknown"…). */
export function isUsableName(text: string): boolean {
  return prepareName(text) !== undefined;
}

/**
 * The spellings in a DICOM PN value (PS3.5 6.2): one per non-empty component group (alphabetic,
 * ideographic, phonetic), each reduced to family, given and middle names; name prefix and suffix
 * (Dr, Mr, Jr) describe rather than identify and are left out. Several values (`\`) all count.
 * A value of several words without `^` is all family name, and keeps a trailing `^` to say so.
 * @example personNameSpellings('Yamada^Tarou=山田^太郎=やまだ^たろう') // ['Yamada^Tarou', '山田^太郎', 'やまだ^たろう']
 */
export function personNameSpellings(pn: string): string[] {
  const out: string[] = [];
  for (const value of pn.split('\\')) {
    for (const group of value.split('=')) {
      const components = group.split('^').slice(0, 3).map((part) => part.trim());
      while (components.length > 0 && components[components.length - 1] === '') components.pop();
      let spelling = components.join('^').trim();
      // Without `^` the whole value is the family component (PS3.5 6.2.1): the trailing `^`
      // keeps that known, so each of its words is searched alone as a family name is.
      if (!group.includes('^') && /[^\p{L}\p{M}][\p{L}]/u.test(spelling)) spelling += '^';
      if (spelling.replace(/[\s^]/g, '') !== '' && !out.includes(spelling)) out.push(spelling);
    }
  }
  return out;
}
