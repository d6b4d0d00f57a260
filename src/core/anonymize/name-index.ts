/**
 * The index of every known patient's names and PatientIDs, built once per run. A search walks a
 * character trie of folded words from each possible start, so its cost depends on the text and
 * not on how many patients are known.
 */
import { foldString } from '../text/fold.ts';
import { isPlaceholder, isPlaceholderId } from '../text/placeholders.ts';
import { MIN_LONE_LETTERS, type NameForm, patientForms } from './spelling.ts';

/** A patient as the scanner knows it: the id that replaces it, and what identifies it. */
export interface KnownPatient {
  /** The pseudonym id; also what {@link NameSpan.patientId} reports. */
  readonly id: string;
  /** Raw names: "DUPONT^Jean", "Jean Dupond", "dupont jean-marc", "山田^太郎". */
  readonly spellings: readonly string[];
  /** Original PatientID values; those of 4 characters or more are searched as whole tokens. */
  readonly patientIds: readonly string[];
}

export { MIN_LONE_LETTERS };
/** PatientIDs shorter than this are never searched. */
export const MIN_ID_LENGTH = 4;

/** A trie node: children by UTF-16 code unit, and what ends here. */
export interface TrieNode {
  readonly next: Map<number, TrieNode>;
  /** Word ids of name words ending at this node. */
  words: number[] | undefined;
  /** Patients whose folded PatientID ends at this node. */
  ids: number[] | undefined;
  /** A pseudonym id ends here: text we wrote, never a name (`subj_TEST01` for family "Test"). */
  pseudonym: boolean;
}

/** One searchable form, referring to its words by id. */
export interface IndexedForm {
  readonly patient: number;
  readonly words: readonly number[];
  readonly family: readonly boolean[];
  readonly cjk: boolean;
  readonly letters: number;
}

/** Built by {@link buildNameIndex}; treat as opaque. */
export interface NameIndex {
  readonly patients: readonly KnownPatient[];
  /** Patient id → position in {@link patients}. */
  readonly patientNumber: ReadonlyMap<string, number>;
  readonly root: TrieNode;
  readonly wordText: readonly string[];
  /** Word id → forms that contain it. */
  readonly formsOfWord: readonly (readonly number[])[];
  readonly forms: readonly IndexedForm[];
  /** Word id → patients for which this word alone is a match (a long enough family name). */
  readonly lonePatients: ReadonlyMap<number, readonly number[]>;
  /** Word id → patients whose files and paths search this word alone (any name word of ≥ 4 letters). */
  readonly ownPatients: ReadonlyMap<number, readonly number[]>;
  /** Whether any name is CJK. */
  readonly hasCjk: boolean;
  /** Whether any name has letters beyond Latin-1 (Cyrillic, Greek, CJK…): then every UTF-16 reading of binary data is decoded whole. */
  readonly hasWide: boolean;
  /** Every UTF-16 unit of every folded name word and PatientID: text holding none of them names nobody. */
  readonly units: ReadonlySet<number>;
  /** Folded units of the shortest match there can be: a full name's letters, or 4 (words and PatientIDs alone). */
  readonly shortest: number;
  /** Counts, for reports and tests. */
  readonly size: { patients: number; forms: number; words: number; ids: number };
}

function newNode(): TrieNode {
  return { next: new Map(), words: undefined, ids: undefined, pseudonym: false };
}

function insert(root: TrieNode, text: string): TrieNode {
  let node = root;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let child = node.next.get(code);
    if (child === undefined) {
      child = newNode();
      node.next.set(code, child);
    }
    node = child;
  }
  return node;
}

function addUnique(list: number[] | undefined, value: number): number[] {
  if (list === undefined) return [value];
  if (!list.includes(value)) list.push(value);
  return list;
}

/**
 * A family word searched alone in every file. The contract counts letters, and an ideograph is
 * one: 千葉 is two, so "千葉大学病院" of another patient is no match of 千葉^太郎. Characters, not
 * UTF-16 units: 𠮷田 is two, an Adlam word of two letters is two.
 */
function loneWorthy(form: NameForm, i: number): boolean {
  return form.family[i] === true && [...form.words[i]!].length >= MIN_LONE_LETTERS;
}

/** Builds the index of all known patients (their order decides ties between equal matches). */
export function buildNameIndex(patients: readonly KnownPatient[]): NameIndex {
  const root = newNode();
  const wordIds = new Map<string, number>();
  const wordText: string[] = [];
  const formsOfWord: number[][] = [];
  const forms: IndexedForm[] = [];
  const lonePatients = new Map<number, number[]>();
  const ownPatients = new Map<number, number[]>();
  let idCount = 0;
  const units = new Set<number>();
  const addUnits = (text: string) => {
    for (let i = 0; i < text.length; i++) units.add(text.charCodeAt(i));
  };
  const wordId = (word: string): number => {
    let id = wordIds.get(word);
    if (id === undefined) {
      id = wordText.length;
      wordIds.set(word, id);
      wordText.push(word);
      addUnits(word);
      formsOfWord.push([]);
      const node = insert(root, word);
      node.words = addUnique(node.words, id);
    }
    return id;
  };
  patients.forEach((patient, p) => {
    const id = foldString(patient.id);
    if (id.length > 0) insert(root, id).pseudonym = true;
    // Placeholders ("Anonymized", "XXX^XXX", "12345") name nobody: searching them would find
    // them in every text and in binary data (a palette counting 0, 1, 2…).
    for (const form of patientForms(patient.spellings.filter((spelling) => !isPlaceholder(spelling)))) {
      const ids = form.words.map(wordId);
      const formIndex = forms.length;
      forms.push({ patient: p, words: ids, family: form.family, cjk: form.cjk, letters: form.words.join('').length });
      for (const id of new Set(ids)) formsOfWord[id]!.push(formIndex);
      ids.forEach((id, i) => {
        if (loneWorthy(form, i)) lonePatients.set(id, addUnique(lonePatients.get(id), p));
        // Letters, not UTF-16 units: a letter outside the BMP (Adlam) is one, as the second opinion counts.
        if ([...form.words[i]!].length >= MIN_LONE_LETTERS) ownPatients.set(id, addUnique(ownPatients.get(id), p));
      });
    }
    for (const raw of patient.patientIds) {
      const folded = foldString(raw.trim());
      if (folded.length < MIN_ID_LENGTH || isPlaceholderId(raw)) continue;
      const node = insert(root, folded);
      node.ids = addUnique(node.ids, p);
      addUnits(folded);
      idCount++;
    }
  });
  return {
    patients,
    patientNumber: new Map(patients.map((patient, p) => [patient.id, p])),
    root,
    wordText,
    formsOfWord,
    forms,
    lonePatients,
    ownPatients,
    units,
    // Words alone, partial names and PatientIDs have 4 letters or more; only a full name may have fewer.
    shortest: forms.reduce((min, form) => Math.min(min, form.letters), MIN_LONE_LETTERS),
    hasCjk: forms.some((form) => form.cjk),
    hasWide: wordText.some((word) => /[^\u0000-\u00ff]/.test(word)),
    size: { patients: patients.length, forms: forms.length, words: wordText.length, ids: idCount },
  };
}
