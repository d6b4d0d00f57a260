/**
 * Options that change a profile's rules: `--remove` (both profiles) and the standard's
 * `--retain`/`--clean` columns (basic), where K wins when two given options disagree.
 */
import { formatTag, keywordForTag, parseTagOrKeyword } from '../dicom/dictionary.ts';
import type { CleanOption, ProfileRule, RetainOption } from './model.ts';
import type { TableOption, TableRow } from './ps3-15-basic.gen.ts';

/** `rules` with the user's `--remove` attributes; a `--remove` wins over the profile's own action. */
export function withRemoved(rules: readonly ProfileRule[], remove: readonly string[]): ProfileRule[] {
  const out = [...rules];
  for (const written of remove) {
    const tag = parseTagOrKeyword(written);
    const rule: ProfileRule = { tag, keyword: keywordForTag(tag) ?? formatTag(tag), action: 'remove', vr: '', extra: true, origin: '--remove' };
    const at = out.findIndex((existing) => existing.tag === tag && existing.mask === undefined);
    if (at >= 0) out.splice(at, 1, rule);
    else out.push(rule);
  }
  return out;
}

/**
 * `--remove`'s attributes as one name each (the keyword, else the tag), sorted, each once: the
 * same attributes however they were written (`0010,1000`, `(0010,1000)`, `OtherPatientIDs`).
 */
export function removedAttributes(remove: readonly string[]): string[] {
  const names = remove.map((written) => {
    const tag = parseTagOrKeyword(written);
    return keywordForTag(tag) ?? formatTag(tag);
  });
  return [...new Set(names)].sort();
}

/** A row's action code once the given options are applied, and which option (if any) chose it. */
export function overlayRow(row: TableRow, retain: readonly RetainOption[], clean: readonly CleanOption[]): { code: string; option?: RetainOption | CleanOption } {
  const given: (RetainOption | CleanOption)[] = [...retain, ...clean].filter((option) => row.options[option as TableOption] !== undefined);
  if (given.length === 0) return { code: row.basic };
  const keeping = given.find((option) => row.options[option as TableOption] === 'K');
  if (keeping !== undefined) return { code: 'K', option: keeping };
  return { code: 'C', option: given[0]! };
}

/** How the command line writes an option: `--retain device`, `--clean descriptors`. */
export function optionFlag(option: RetainOption | CleanOption): string {
  return (['descriptors', 'structured-content'] as string[]).includes(option) ? `--clean ${option}` : `--retain ${option}`;
}
