/**
 * Turns a raw spelling ("DUPONT^Jean", "Dupont, Jean", "Jean DUPONT", "山田^太郎=やまだ^たろう")
 * into the word lists the scanner searches, and decides which words are the family name.
 *
 * Family rule (only a known family name is ever searched alone):
 * - DICOM PN (`^` present): the first component of each component group;
 * - "LAST, First": the part before the first comma;
 * - "Jean DUPONT": the words written in capitals when the others are not, and the words
 *   hyphened to them (`Ciara BRANNIGAN-Moyle`);
 * - a single word is a family name;
 * - otherwise the family name is unknown; a word within 0.2 normalized edit distance of a family
 *   word of another spelling of the same patient ("Jean Dupond" next to "DUPONT^Jean") is one, and
 *   so are the words hyphened to it that are no known given name;
 *   with no such word, every word is (a folder name `Brannigan-Moyle`, as a PN value without `^`).
 * Every spelling also counts as a full name in any word order. What is then searched
 * (name-index.ts, find-names.ts): all words of a form in any order; any two or more of its words
 * that include a family word and are not only particles ("Jean Dupont" for DUPONT^Jean^Marc, not
 * "de la"); each family word of 4 letters or more alone ("Berg" for VAN DER BERG, both halves of
 * MARTIN-DUPONT), an ideograph counting as one letter; a family name of short parts whole
 * (`NG-LI` as `NGLI`); shorter words never alone. In the patient's own files, every word of 4
 * letters or more alone, given names included.
 */
import { isCjk, isWordLetter } from './chars.ts';
import { foldString } from '../text/fold.ts';
import { contractAlternatives, expandAlternatives } from '../text/variants.ts';

/** One way to write a patient's name: its folded words, and which of them are the family name. */
export interface NameForm {
  readonly words: readonly string[];
  readonly family: readonly boolean[];
  /** True when the words are CJK: matched as substrings (no word bounds). */
  readonly cjk: boolean;
  /** Per word: joined to the word before it by a hyphen alone (`Brannigan-Moyle`). */
  readonly hyphened: readonly boolean[];
}

interface RawWord {
  text: string;
  cjk: boolean;
  upper: boolean;
  hasCase: boolean;
  hyphened: boolean;
}

/** Hyphen-minus, hyphen, non-breaking hyphen: what joins the parts of a compound name. */
const HYPHENS = new Set(['-', '\u2010', '\u2011']);

/** Splits raw text into letter runs and CJK runs; everything else (digits too) separates. */
function rawWords(raw: string): RawWord[] {
  const out: RawWord[] = [];
  let current = '';
  let currentCjk = false;
  // What separates the next word from the one before: '' when adjacent (a CJK run after letters).
  let between = '';
  const flush = () => {
    if (current.length > 0) {
      const upper = current.toUpperCase() === current;
      const hasCase = current.toLowerCase() !== current.toUpperCase();
      out.push({ text: current, cjk: currentCjk, upper, hasCase, hyphened: out.length > 0 && HYPHENS.has(between) });
      between = '';
    }
    current = '';
  };
  for (const ch of raw.normalize('NFKC')) {
    const code = ch.codePointAt(0)!;
    const cjk = isCjk(code);
    const letter = !cjk && (isWordLetter(code) || /\p{M}/u.test(ch));
    if (!cjk && !letter) {
      flush();
      between += ch;
      continue;
    }
    if (current.length > 0 && cjk !== currentCjk) flush();
    currentCjk = cjk;
    current += ch;
  }
  flush();
  return out;
}

function toForm(family: RawWord[], others: RawWord[], variant: (s: string) => string): NameForm | undefined {
  const words: string[] = [];
  const flags: boolean[] = [];
  const hyphened: boolean[] = [];
  for (const [list, isFamily] of [[family, true], [others, false]] as const) {
    list.forEach((word, i) => {
      const folded = foldString(variant(word.text));
      if (folded.length === 0) return;
      hyphened.push(word.hyphened && i > 0 && words.length > 0);
      words.push(folded);
      flags.push(isFamily);
    });
  }
  if (words.length === 0) return undefined;
  return { words, family: flags, cjk: family.concat(others).every((word) => word.cjk), hyphened };
}

/** German umlauts are written both ways ("Müller", "Mueller"); both are the same name. */
function umlautsExpanded(text: string): string {
  return expandAlternatives(text);
}

function umlautsContracted(text: string): string {
  return contractAlternatives(text);
}

function groupForms(group: string): [RawWord[], RawWord[]] {
  if (group.includes('^')) {
    // PN components: family ^ given ^ middle ^ prefix ^ suffix. Titles are not part of the name.
    const components = group.split('^');
    const family = rawWords(components[0] ?? '');
    const others = [components[1], components[2]].flatMap((part) => rawWords(part ?? ''));
    return [family, others];
  }
  const comma = group.indexOf(',');
  if (comma >= 0) return [rawWords(group.slice(0, comma)), rawWords(group.slice(comma + 1))];
  const words = rawWords(group);
  const cased = words.filter((word) => word.hasCase);
  const upper = cased.filter((word) => word.upper);
  if (upper.length > 0 && upper.length < cased.length) {
    // Words hyphened to a word in capitals are part of its family name (`Ciara BRANNIGAN-Moyle`).
    const family = new Set(upper);
    for (let i = 1; i < words.length; i++) if (words[i]!.hyphened && family.has(words[i - 1]!)) family.add(words[i]!);
    for (let i = words.length - 1; i > 0; i--) if (words[i]!.hyphened && family.has(words[i]!)) family.add(words[i - 1]!);
    return [words.filter((word) => family.has(word)), words.filter((word) => !family.has(word))];
  }
  // A single word is a family name (a PN without `^` is all family component).
  return words.length === 1 ? [words, []] : [[], words];
}

/** Family names shorter than this (in letters, parts joined) are never searched alone. */
export const MIN_LONE_LETTERS = 4;

/**
 * A family name of several short parts (`NG-LI`, `O'DAY`) is searched alone when its parts
 * together have enough letters: as a form of those parts only, matched whole, in any order, with
 * any separators or none (`NGLI`, `Ng Li`, `ODAY`).
 */
function familyOnly(form: NameForm): NameForm | undefined {
  if (form.cjk) return undefined;
  const words = form.words.filter((_, i) => form.family[i]);
  if (words.length < 2 || [...words.join('')].length < MIN_LONE_LETTERS) return undefined;
  return { words, family: words.map(() => true), cjk: false, hyphened: words.map(() => false) };
}

/** The forms one raw spelling stands for (one per PN component group, plus umlaut variants). */
export function spellingForms(raw: string): NameForm[] {
  const forms: NameForm[] = [];
  const seen = new Set<string>();
  const add = (form: NameForm | undefined) => {
    if (form === undefined) return;
    const key = `${form.words.join(' ')}|${form.family.join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    forms.push(form);
  };
  for (const group of raw.split('=')) {
    const [family, others] = groupForms(group);
    for (const variant of [(s: string) => s, umlautsExpanded, umlautsContracted]) {
      const form = toForm(family, others, variant);
      add(form);
      if (form !== undefined && others.length > 0) add(familyOnly(form));
    }
  }
  return forms;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * A word joined by a hyphen to a family word is part of that compound family name
 * (`Ciara Brannigan-Moyle` where BRANNIGAN is known), unless the patient's spellings know it as a
 * given name (`Dupont-Jean` next to `DUPONT^Jean`).
 */
function hyphenedFamily(form: NameForm, family: boolean[], given: ReadonlySet<string>): boolean[] {
  const joins = (from: number, to: number) => family[from] === true && !family[to] && !given.has(form.words[to]!);
  for (let i = 1; i < family.length; i++) if (form.hyphened[i] && joins(i - 1, i)) family[i] = true;
  for (let i = family.length - 1; i > 0; i--) if (form.hyphened[i] && joins(i, i - 1)) family[i - 1] = true;
  return family;
}

/**
 * All forms of one patient. Spellings whose family name is unknown borrow it from the patient's
 * other spellings when a word is close to a known family word (0.2 normalized edit distance), with
 * the words hyphened to it. One that still has none is all family name, as a PN value without `^`
 * is: a folder name such as `Brannigan-Moyle`, the only spelling of a patient whose files hold no
 * usable name, may well be a compound family name, and each long part of it must then be found
 * alone in every file.
 */
export function patientForms(spellings: readonly string[]): NameForm[] {
  const forms = spellings.flatMap(spellingForms);
  const known = new Set<string>();
  const given = new Set<string>();
  for (const form of forms) {
    if (!form.family.some(Boolean)) continue;
    form.words.forEach((word, i) => {
      (form.family[i] ? known : given).add(word);
    });
  }
  return forms.map((form) => {
    if (form.family.some(Boolean)) return form;
    const family = form.words.map((word) =>
      [...known].some((k) => k === word || levenshtein(k, word) / Math.max(k.length, word.length) <= 0.2),
    );
    return { ...form, family: family.some(Boolean) ? hyphenedFamily(form, family, given) : form.words.map(() => true) };
  });
}
