/**
 * Placeholders (CONTRACT.md "Patients"): values standing where a name or PatientID should be.
 * They identify nobody, so they are never an identity nor a spelling: searched, "Unknown" would
 * be found in every text, and "12345" or "XXXXXX" inside binary data (a palette counting 0, 1,
 * 2…) where it would make a valid file a residue. One definition, used wherever identities and
 * spellings are collected and where the name index is built.
 */

// What scanners, anonymizers and people type where a name should be, folded to lower case.
const WORDS: ReadonlySet<string> = new Set([
  'anonymized', 'anonymised', 'anonymous', 'anonym', 'anonyme', 'anonymise', 'anonymisiert', 'anonimo',
  'anonimizado', 'anon', 'unknown', 'unk', 'inconnu', 'inconnue', 'unbekannt', 'desconocido',
  'sconosciuto', 'none', 'null', 'nil', 'nan', 'noname', 'unnamed', 'na', 'n', 'a', 'no', 'name',
  'removed', 'deidentified', 'redacted', 'blank', 'patient', 'patients', 'pat', 'test', 'tests', 'testing',
  'case', 'subject', 'subj', 'sub', 'sample', 'dummy', 'demo', 'x', 'xx', 'xxx',
]);

/**
 * Placeholder words that are people's names too: alone, numbered or not ("Case 12", "Sample"),
 * they name nobody, but two of them together are a person (Pat Case, Nan Blank).
 */
const NAME_WORDS: ReadonlySet<string> = new Set(['pat', 'case', 'blank', 'sample', 'nan', 'nil', 'na', 'no']);

/** Whether one folded word (lower case, marks removed) is a placeholder word ("unknown", "patient"). */
export function isPlaceholderWord(word: string): boolean {
  return WORDS.has(word);
}

/**
 * Whether folded words, each with its digits removed (`patient07` is `patient`), name nobody:
 * placeholder words only, and not two different ones that are also names ("CASE^PAT").
 */
export function arePlaceholderWords(words: readonly string[]): boolean {
  if (!words.every((word) => WORDS.has(word))) return false;
  return words.some((word) => !NAME_WORDS.has(word)) || new Set(words).size <= 1;
}

function isOneRepeatedCharacter(text: string): boolean {
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) !== text.charCodeAt(0)) return false;
  return true;
}

/** `0123456789`, `12345`: each digit one more than the one before. */
function isDigitRun(text: string): boolean {
  if (text.length < 3 || !/^[0-9]+$/.test(text)) return false;
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) - text.charCodeAt(i - 1) !== 1) return false;
  return true;
}

/** Words of a folded value that hold letters. */
function letterWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((word) => /\p{L}/u.test(word));
}

function fold(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Empty, one character repeated (3 times or more: `XXX^XXX`, `99999`), or a run of consecutive digits. */
function isFiller(folded: string): boolean {
  const compact = folded.replace(/[^\p{L}\p{N}]+/gu, '');
  return compact.length === 0 || (compact.length >= 3 && isOneRepeatedCharacter(compact)) || isDigitRun(compact);
}

/**
 * True for a PatientID that identifies nobody: empty; one repeated character (`000000`,
 * `XXXXXX`); a run of consecutive digits (`0123456789`, `12345`); placeholder words only
 * ("Anonymized", "UNKNOWN"). Letters with digits are an id (`PAT12345`, `CASE0042`).
 */
export function isPlaceholderId(value: string): boolean {
  const folded = fold(value);
  if (isFiller(folded)) return true;
  const words = letterWords(folded);
  return words.length > 0 && words.every((word) => WORDS.has(word)) && !/\p{N}/u.test(folded);
}

/**
 * True for a name (a PN value, a folder or zip name, a spreadsheet cell) that names nobody:
 * empty; made only of placeholder words, numbered or not ("Anonymized", "NAME^PATIENT",
 * "patient07", "Test 3"), unless two different ones are names too ("CASE^PAT"); one repeated
 * character (`xxxxxx`, `XXX^XXX`); a run of consecutive digits (`0123456789`, `12345`).
 * @example isPlaceholder('XXX^XXX') // true
 * @example isPlaceholder('Hartigan Roisin') // false
 */
export function isPlaceholder(value: string): boolean {
  const folded = fold(value);
  if (isFiller(folded)) return true;
  const words = letterWords(folded);
  // Digits number a placeholder ("patient07", "test 3") without making it a name.
  return words.length > 0 && arePlaceholderWords(words.map((word) => word.replace(/\p{N}+/gu, '')));
}

/** The placeholder words themselves, folded (for searches that filter words one by one). */
export const PLACEHOLDER_WORDS: ReadonlySet<string> = WORDS;
