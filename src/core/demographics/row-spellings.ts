/**
 * The spellings a linked demographics row adds to its patient (CONTRACT.md "Names": "the linked
 * demographics name"). A sheet with family and given name columns says which words are the family
 * name: its row is spelled as a PN (`BRANNIGAN-MOYLE^Ciara`), so each long part of a compound
 * family name is searched alone in every file while the given name stays to the patient's own
 * files. Joined with a space ("Brannigan-Moyle Ciara", the row's name) it would say nothing, and a
 * patient whose files spell only `BRANNIGAN^Ciara` would keep MOYLE unsearched elsewhere.
 */
import type { DemographicsRow } from './table.ts';

const asPn = (family: string, given: string | undefined) => `${family}^${given ?? ''}`;

/**
 * The row's name, and its name at birth ("nom de naissance"), which files made before a marriage,
 * or by another site, may still carry. A birth name is a family name.
 * @example rowSpellings({ name: 'Brannigan-Moyle Ciara', family: 'Brannigan-Moyle', given: 'Ciara', … }) // ['Brannigan-Moyle^Ciara']
 */
export function rowSpellings(row: DemographicsRow): string[] {
  const out = [row.family === undefined ? row.name : asPn(row.family, row.given)];
  if (row.birthName !== undefined && row.birthName !== row.family) out.push(asPn(row.birthName, row.given));
  return out;
}
