/**
 * Fake people and the ways clinical data misspells them: pools of names that are far apart from
 * each other (so only planted variants match), and the variants themselves.
 */
import type { Random } from './random.ts';

/** Family names of at least 5 letters, pairwise far apart; some with accents (Latin-1 only). */
export const FAMILY_NAMES = [
  'DUPONT', 'LEFÈVRE', 'MARTINEZ', 'BERNARD', 'GARNIER', 'FONTAINE', 'ROUSSEAU', 'MÜLLER', 'KOWALSKI', 'NAKAMURA',
  'OKAFOR', 'SANTOS', 'LINDQVIST', 'HOFFMANN', 'BENALI', 'CHEVALIER', 'DELACROIX', 'FERREIRA', 'GONZÁLEZ', 'HUTCHINSON',
  'IVANOVA', 'JANSSENS', 'KRISTENSEN', 'LOMBARDI', 'MORISSETTE', 'NIEMINEN', 'OLIVEIRA', 'PETROVIC', 'QUESNEL', 'RICHTER',
  'SCHNEIDER', 'TANAKA', 'URQUHART', 'VASQUEZ', 'WOJCIK', 'YILMAZ', 'ZIELINSKI', 'ABERNATHY', 'BOUCHARD', 'CASTELLANO',
  'DUBROVNIK', 'ESPOSITO', 'FITZGERALD', 'GUILLAUME', 'HERNÁNDEZ', 'INGRAM', 'JOHANSSON', 'KEMPINSKI', 'LAURENT', 'MORGENSTERN',
  'PAPADOPOULOS', 'OSTROWSKI', 'PELLETIER', 'RASMUSSEN', 'STEFANSKI', 'THIBAULT', 'VILLENEUVE', 'WAGNER', 'ZAMBRANO', 'BJÖRKLUND',
] as const;

export const GIVEN_NAMES = [
  'JEAN', 'HÉLÈNE', 'PAUL', 'MARIE', 'AHMED', 'SOPHIE', 'LUCAS', 'CHLOÉ', 'OMAR', 'INÈS', 'KENJI', 'AMARA', 'TOMASZ', 'FRIDA',
  'MATEO', 'NOÉMIE', 'VIKTOR', 'LEÏLA', 'HUGO', 'ZOÉ', 'ANDERS', 'BEATRIZ', 'CÉDRIC', 'DAGNY', 'EMRE', 'FATOU', 'GRÉGOIRE',
  'HANNA', 'IGOR', 'JULIETTE',
] as const;

/** Words used elsewhere in generated text: no family name may appear in them. */
export const VOCABULARY = [
  'CT THORAX', 'IRM CEREBRALE', 'ABDOMEN PELVIS', 'follow-up', 'control', 'prior exam', 'allergic to iodine', 'compare with',
  'seen in clinic', 'HOPITAL NORD', 'CLINIQUE DU PARC', 'DR^HOUSE', 'DR^GREY', 'AXIAL', 'localizer', 'contrast', 'Patient',
  'Previous ID', 'IMG', 'SESSION', 'notes', 'report',
];

export interface Person {
  family: string;
  given: string;
}

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** How a session's PatientName misspells the person. */
export type Variant = 'canonical' | 'title-case' | 'swapped' | 'no-given' | 'no-accents' | 'typo';

/** One letter of the family name changed: within the matching threshold for names of 5+ letters. */
export function typo(word: string, random: Random): string {
  const at = random.int(1, word.length - 2);
  const letters = 'BCDFGHKLMNPRST'.replace(word.charAt(at), '');
  return word.slice(0, at) + random.pick([...letters]) + word.slice(at + 1);
}

/** The PN value of a variant (`FAMILY^GIVEN` with the variant applied). */
export function personName(person: Person, variant: Variant, random: Random): string {
  switch (variant) {
    case 'canonical':
      return `${person.family}^${person.given}`;
    case 'title-case':
      return `${titleCase(person.family)}^${titleCase(person.given)}`;
    case 'swapped':
      return `${person.given}^${person.family}`;
    case 'no-given':
      return person.family;
    case 'no-accents':
      return stripAccents(`${person.family}^${person.given}`);
    case 'typo':
      return `${typo(person.family, random)}^${person.given}`;
  }
}

/** Separators joining family and given names in file and folder names (`DUPONTJEAN` included). */
export const PATH_JOINS = ['_', '-', '.', ' ', ''] as const;

/** The person as a file or folder name part: ASCII only half the time, as real exports vary. */
export function pathName(person: Person, join: string, random: Random): string {
  const family = random.chance(0.5) ? stripAccents(person.family) : person.family;
  const given = random.chance(0.5) ? stripAccents(person.given) : person.given;
  const [a, b] = random.chance(0.8) ? [family, given] : [given, family];
  return random.chance(0.5) ? `${a}${join}${b}` : `${titleCase(a)}${join}${titleCase(b)}`;
}

/** Free-text forms: "Jean DUPONT", "dupont jean", "DUPONT, Jean". */
export function textName(person: Person, random: Random): string {
  return random.pick([
    `${titleCase(person.given)} ${person.family}`,
    `${person.family.toLowerCase()} ${person.given.toLowerCase()}`,
    `${person.family}, ${titleCase(person.given)}`,
    `${person.family} ${person.given}`,
  ]);
}

/** Plain Levenshtein distance, to keep generated names apart from each other. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
