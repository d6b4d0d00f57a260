/**
 * Whether a source's folder or zip name spells its patient (CONTRACT.md, "Names": "the name from
 * its source folder or zip name when it matches"). Folder names carry more than the name
 * ("DUPONT_Jean_2024-03-01.zip", "0042 - Martin Camille"), so words made only of digits and a
 * trailing archive extension are left out before comparing.
 */
import { isPlaceholder } from '../text/placeholders.ts';
import { EPSILON, matchDistance } from './measures.ts';
import { type PreparedName, prepareName } from './name.ts';

const ARCHIVE = /\.(zip|tar|tgz|tar\.gz|7z|rar|dcm|dicom)$/i;

/** The folder or zip name as a spelling, or undefined when nothing name-like is left (a placeholder such as `patient07`). */
export function sourceSpelling(folderName: string): string | undefined {
  const words = folderName
    .replace(ARCHIVE, '')
    .split(/[^\p{L}\p{N}\p{M}'’]+/u)
    .filter((word) => word !== '' && !/^\p{N}+$/u.test(word));
  return words.length === 0 || isPlaceholder(words.join(' ')) ? undefined : words.join(' ');
}

/**
 * The folder name as a spelling of the patient when it matches one of `names` at `distance`;
 * undefined otherwise (then it must not be treated as the patient's name).
 * @example sourceNameMatch('DUPONT_Jean_2024-03-01.zip', ['Dupont^Jean'], 0.2) // 'DUPONT Jean'
 */
export function sourceNameMatch(folderName: string, names: readonly string[], distance: number): string | undefined {
  const spelling = sourceSpelling(folderName);
  const prepared = spelling === undefined ? undefined : prepareName(spelling);
  if (spelling === undefined || prepared === undefined) return undefined;
  const patient = names.map(prepareName).filter((name): name is PreparedName => name !== undefined);
  return matchDistance([prepared], patient, distance) <= distance + EPSILON ? spelling : undefined;
}
