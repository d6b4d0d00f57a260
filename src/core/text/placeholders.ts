/**
 * Words that stand in for a name and carry no identity (CONTRACT.md, "Patients": placeholder
 * values are never spellings): "Anonymized", "Unknown", "NAME"… Folded, lower case. A name made
 * only of them is no name, and none of them is ever searched alone.
 */
export const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'anonymized', 'anonymised', 'anonymous', 'anonym', 'anonyme', 'anonymise', 'anonymisiert', 'anonimo',
  'anonimizado', 'anon', 'unknown', 'unk', 'inconnu', 'inconnue', 'unbekannt', 'desconocido',
  'sconosciuto', 'none', 'null', 'nil', 'noname', 'unnamed', 'na', 'n', 'a', 'no', 'name', 'removed',
  'deidentified', 'redacted', 'blank',
]);
