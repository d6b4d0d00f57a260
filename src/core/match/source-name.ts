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

/**
 * The folder or zip name as a spelling, or undefined when nothing name-like is left (a placeholder
 * such as `patient07`). Words a hyphen alone joins stay joined so (`Brannigan-Moyle_Ciara` →
 * `Brannigan-Moyle Ciara`): that is how a compound family name is told from its given name.
 */
export function sourceSpelling(folderName: string): string | undefined {
  // Words at even places, the separators between them at odd places.
  const parts = folderName.replace(ARCHIVE, '').split(/([^\p{L}\p{N}\p{M}'’]+)/u);
  const words: string[] = [];
  let text = '';
  let joined = false;
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i]!;
    if (word === '' || /^\p{N}+$/u.test(word)) {
      joined = false;
      continue;
    }
    text += words.length === 0 ? word : `${joined ? '-' : ' '}${word}`;
    words.push(word);
    joined = parts[i + 1] === '-';
  }
  return words.length === 0 || isPlaceholder(words.join(' ')) ? undefined : text;
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
