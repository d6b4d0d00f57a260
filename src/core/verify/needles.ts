/**
 * What the second opinion searches for, built from the patients' raw spellings and PatientIDs by
 * the contract's rules alone (CONTRACT.md, "Forms searched"), with no part of the anonymizer's
 * name finder: a deliberately separate reading of the same rules, so a blind spot of one is not
 * a blind spot of the other.
 */
import { foldString } from '../text/fold.ts';
import { isPlaceholder } from '../text/placeholders.ts';
import { isLetterCode } from '../text/separators.ts';
import { foldedVariants } from '../text/variants.ts';

/** A patient as the verifier knows it: its pseudonym id, raw names and original PatientIDs. */
export interface VerifyPatient {
  readonly id: string;
  /** Raw names: "DUPONT^Jean", "Jean Dupond", "dupont jean-marc". */
  readonly spellings: readonly string[];
  readonly patientIds: readonly string[];
}

/** Words and family names shorter than this (in letters) are never searched alone. */
export const MIN_ALONE_LETTERS = 4;
/** PatientIDs shorter than this are never searched. */
export const MIN_ID_CHARACTERS = 4;
/** A full name's words are combined over at most this many spelling variants. */
const MAX_COMBINATIONS = 32;

/**
 * One thing to find: folded words in any order, adjacent or with separators between them. The
 * concatenated letters of a run of words of the text must split into exactly these words.
 */
export interface Target {
  readonly patient: number;
  readonly words: readonly string[];
  readonly letters: number;
  /** Searched only in the patient's own files (a given name alone). */
  readonly ownOnly: boolean;
}

export interface Needles {
  readonly patients: readonly VerifyPatient[];
  /** Word → targets holding it (any word of a target may come first in the text). */
  readonly targetsByWord: ReadonlyMap<string, readonly Target[]>;
  /** Distinct word lengths, ascending. */
  readonly wordLengths: readonly number[];
  /** Letters of the longest target. */
  readonly maxLetters: number;
  /** Characters of the shortest target or PatientID: no match is shorter. */
  readonly minLetters: number;
  /** Hashed first one, two or three letters of target words ({@link prefixKey}): 1 where some word starts so. */
  readonly prefixes: Uint8Array;
  /** Folded PatientIDs by their first {@link MIN_ID_CHARACTERS} units. */
  readonly idsByPrefix: ReadonlyMap<string, readonly { readonly id: string; readonly patient: number }[]>;
  /** Code units that start some folded PatientID. */
  readonly idFirstUnits: Uint8Array;
  /** Every code unit of every target word and PatientID (a text without any cannot match). */
  readonly units: ReadonlySet<number>;
  /** Folded values written on purpose (keyed hashes, our own text): nothing inside them is a finding. */
  readonly protect: readonly string[];
  /** The folded pseudonym ids: no name inside one is a finding; a PatientID is, as ids are issued to hold none. */
  readonly ids: readonly string[];
}

/** A letter run of a raw name, and whether a hyphen alone joins it to the run before. */
interface RawWord {
  readonly text: string;
  readonly hyphened: boolean;
}

/** The letter runs of a raw name part: "O'DAY" → O, DAY; "Jean-Marc" → Jean, Marc (hyphened). */
function rawRuns(text: string): RawWord[] {
  const words: RawWord[] = [];
  let current = '';
  let between = '';
  const flush = () => {
    if (current !== '') {
      words.push({ text: current, hyphened: words.length > 0 && /^[-\u2010\u2011]$/u.test(between) });
      between = '';
    }
    current = '';
  };
  for (const ch of text.normalize('NFKC')) {
    if (isLetterCode(ch.codePointAt(0)!) || /\p{M}/u.test(ch)) current += ch;
    else if (/\p{Cf}/u.test(ch)) continue;
    else {
      flush();
      between += ch;
    }
  }
  flush();
  return words;
}

function rawWords(text: string): string[] {
  return rawRuns(text).map((word) => word.text);
}

/**
 * The words of `words` that are family words, with the words a hyphen alone joins to one of them
 * (a compound family name, `Brannigan-Moyle`), in either direction, unless `given` holds them.
 */
function withHyphened(words: readonly RawWord[], family: (word: string) => boolean, given: (word: string) => boolean): string[] {
  const flags = words.map((word) => family(word.text));
  const joins = (from: number, to: number) => flags[from] === true && !flags[to] && !given(words[to]!.text);
  for (let i = 1; i < words.length; i++) if (words[i]!.hyphened && joins(i - 1, i)) flags[i] = true;
  for (let i = words.length - 1; i > 0; i--) if (words[i]!.hyphened && joins(i, i - 1)) flags[i - 1] = true;
  return words.filter((_, i) => flags[i]).map((word) => word.text);
}

/** A name group split into family words and the other words. */
interface GroupWords {
  readonly family: readonly string[];
  readonly others: readonly string[];
  /** Whether the text says which words are the family name (`^` or a comma). */
  readonly explicit: boolean;
  /** The words as written, in order (the text without `^` or a comma). */
  readonly runs: readonly RawWord[];
}

/**
 * PN (`^`): the first component is the family name, given and middle names follow. "LAST, First":
 * before the comma. Otherwise a single word, or an all-capitals text, is all family (a PN value
 * without `^`); in mixed case the words in capitals are the family name; else it is unknown
 * (then {@link patientGroups} decides).
 */
function groupWords(group: string): GroupWords {
  if (group.includes('^')) {
    const components = group.split('^');
    return { family: rawWords(components[0] ?? ''), others: [components[1], components[2]].flatMap((c) => rawWords(c ?? '')), explicit: true, runs: [] };
  }
  const comma = group.indexOf(',');
  if (comma >= 0) return { family: rawWords(group.slice(0, comma)), others: rawWords(group.slice(comma + 1)), explicit: true, runs: [] };
  const runs = rawRuns(group);
  const words = runs.map((run) => run.text);
  const cased = words.filter((w) => w.toLowerCase() !== w.toUpperCase());
  const upper = cased.filter((w) => w === w.toUpperCase());
  if (words.length === 1 || (cased.length > 0 && upper.length === cased.length)) return { family: words, others: [], explicit: false, runs };
  if (upper.length > 0) {
    const family = withHyphened(runs, (w) => upper.includes(w), () => false);
    return { family, others: words.filter((w) => !family.includes(w)), explicit: false, runs };
  }
  return { family: [], others: words, explicit: false, runs };
}

/**
 * The groups of a patient's spellings. A text of several words that does not say which is the
 * family name ("LINDQVIST_LUCAS", a folder name) takes it from the patient's spellings that do
 * ("LINDQVIST^LUCAS"): its other words are given names, searched alone only in the patient's own
 * files; a word a hyphen alone joins to a known one is part of a compound family name
 * (`Ciara Brannigan-Moyle` next to `BRANNIGAN^Ciara`) unless known as a given name. When none of
 * its words is thus known ("Brannigan-Moyle", the folder of a patient whose files hold no usable
 * name) it is read as a PN value without `^`: all family name, each long part searched alone in
 * every file.
 */
function patientGroups(spellings: readonly string[]): GroupWords[] {
  const groups = spellings.flatMap((spelling) => spelling.split('=')).map(groupWords);
  // A group says its family name by `^` or a comma, by capitals beside lower case, or by being one word.
  const says = (g: GroupWords) => g.explicit || (g.family.length > 0 && (g.others.length > 0 || g.family.length === 1));
  const known = new Set(groups.filter(says).flatMap((g) => g.family.map((w) => foldString(w))));
  const given = new Set(groups.filter(says).flatMap((g) => g.others.map((w) => foldString(w))));
  return groups.map((group) => {
    const all = [...group.family, ...group.others];
    if (group.explicit || all.length < 2) return group;
    const borrowed = withHyphened(group.runs, (w) => known.has(foldString(w)), (w) => given.has(foldString(w)));
    const family = borrowed.length > 0 ? borrowed : group.family;
    if (family.length === 0) return { ...group, family: all, others: [] };
    return { ...group, family, others: all.filter((w) => !family.includes(w)) };
  });
}

/** Each way of writing a list of words: the plain folds, then the table's other forms, capped. */
function combinations(words: readonly string[]): string[][] {
  let out: string[][] = [[]];
  for (const word of words) {
    const variants = foldedVariants(word).filter((v) => v.length > 0);
    if (variants.length === 0) continue;
    const next: string[][] = [];
    for (const partial of out) for (const variant of variants) if (next.length < MAX_COMBINATIONS) next.push([...partial, variant]);
    out = next;
  }
  return out.filter((words) => words.length > 0);
}

/** UTF-16 units of the words (what the search compares text with). */
function lettersOf(words: readonly string[]): number {
  return words.reduce((sum, w) => sum + w.length, 0);
}

/** Letters of the words, a letter outside the BMP (Adlam) as one: what the contract's "4 letters" counts. */
function letterCount(words: readonly string[]): number {
  let count = 0;
  for (const word of words) for (const _ of word) count++;
  return count;
}

/**
 * A hash of a word's first letters: one letter for a one-letter word, two for two, else three
 * (-1 for none). A text word whose first letters do not hash to a marked key starts no target.
 */
export function prefixKey(c0: number, c1: number, c2: number): number {
  return (Math.imul(c0 + 1, 0x9e3779b1) ^ Math.imul(c1 + 1, 0x85ebca6b) ^ Math.imul(c2 + 1, 0xc2b2ae35)) >>> 16;
}

/** Builds the search for `patients`; `protect` lists values dicomveil wrote on purpose. */
export function buildNeedles(patients: readonly VerifyPatient[], protect: readonly string[] = []): Needles {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (patient: number, words: readonly string[], ownOnly: boolean) => {
    const key = `${patient}|${ownOnly}|${[...words].sort().join(' ')}`;
    if (seen.has(key)) return;
    seen.add(key);
    targets.push({ patient, words, letters: lettersOf(words), ownOnly });
  };
  patients.forEach((patient, number) => {
    // Placeholders are whole values ("Anonymized", "NAME^PATIENT"), never spellings; a word of a
    // name that is also a placeholder word (BLANK, CASE, SAMPLE: real family names) is searched.
    for (const { family, others } of patientGroups(patient.spellings.filter((spelling) => !isPlaceholder(spelling)))) {
      const all = [...family, ...others];
      // The full name, in any word order.
      if (all.length >= 2) for (const words of combinations(all)) add(number, words, false);
      // The family name alone, its parts joined by any separators or none (NG-LI: NGLI).
      for (const words of combinations(family)) {
        if (letterCount(words) >= MIN_ALONE_LETTERS) add(number, words, false);
        // Each long part of a compound family name alone.
        for (const word of words) if (letterCount([word]) >= MIN_ALONE_LETTERS) add(number, [word], false);
      }
      // In the patient's own files, every long word alone, given names too.
      for (const word of all) for (const [variant] of combinations([word])) if (variant !== undefined && letterCount([variant]) >= MIN_ALONE_LETTERS) add(number, [variant], true);
    }
  });
  const targetsByWord = new Map<string, Target[]>();
  const prefixes = new Uint8Array(0x10000);
  const units = new Set<number>();
  for (const target of targets) {
    for (const word of new Set(target.words)) {
      const list = targetsByWord.get(word) ?? [];
      list.push(target);
      targetsByWord.set(word, list);
      const at = (i: number) => (i < word.length ? word.charCodeAt(i) : -1);
      prefixes[prefixKey(at(0), word.length > 1 ? at(1) : -1, word.length > 2 ? at(2) : -1)] = 1;
      for (let i = 0; i < word.length; i++) units.add(word.charCodeAt(i));
    }
  }
  const idsByPrefix = new Map<string, { id: string; patient: number }[]>();
  const idFirstUnits = new Uint8Array(0x10000);
  patients.forEach((patient, number) => {
    for (const raw of patient.patientIds) {
      const id = foldString(raw.trim());
      if (id.length < MIN_ID_CHARACTERS) continue;
      const prefix = id.slice(0, MIN_ID_CHARACTERS);
      const list = idsByPrefix.get(prefix) ?? [];
      if (!list.some((e) => e.id === id && e.patient === number)) list.push({ id, patient: number });
      idsByPrefix.set(prefix, list);
      idFirstUnits[id.charCodeAt(0)] = 1;
      for (let i = 0; i < id.length; i++) units.add(id.charCodeAt(i));
    }
  });
  const lengths = new Set<number>();
  for (const word of targetsByWord.keys()) lengths.add(word.length);
  return {
    patients,
    targetsByWord,
    wordLengths: [...lengths].sort((a, b) => a - b),
    maxLetters: targets.reduce((max, t) => Math.max(max, t.letters), 0),
    minLetters: [...idsByPrefix.values()].flat().reduce((min, e) => Math.min(min, e.id.length), targets.reduce((min, t) => Math.min(min, t.letters), Number.POSITIVE_INFINITY)),
    prefixes,
    idsByPrefix,
    idFirstUnits,
    units,
    protect: [...new Set(protect.map((value) => foldString(value)).filter((v) => v.length > 0))],
    ids: [...new Set(patients.map((p) => foldString(p.id)).filter((v) => v.length > 0))],
  };
}
