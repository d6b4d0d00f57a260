/**
 * The standard data dictionary: tag ↔ keyword ↔ VR. The codec needs VRs for implicit-VR files,
 * and users name attributes by keyword or tag (`--remove InstitutionName,(0008,1040)`).
 *
 * Tags are unsigned 32-bit numbers, group in the high 16 bits: (0010,0010) is 0x00100010.
 * The table is parsed on first use, not at import, so loading the codec stays cheap.
 */
import { UsageError } from '../errors.ts';
import { EXACT_ELEMENTS, REPEATING_ELEMENTS } from './dictionary.gen.ts';

/** One element of the standard dictionary. */
export interface DictionaryEntry {
  /** The tag; for repeating elements, the first group or element of the range (60xx → 6000). */
  readonly tag: number;
  /** The VR, or alternatives the standard allows ("OB|OW", "US|SS"); "NONE" for item tags. */
  readonly vr: string;
  /** Value multiplicity as the standard writes it: "1", "1-n", "2-2n"… */
  readonly vm: string;
  /** Keyword such as `PatientName`; empty for the few retired elements the standard left blank. */
  readonly keyword: string;
  readonly retired: boolean;
}

interface RepeatingEntry extends DictionaryEntry {
  /** Bits of the tag that are fixed, and their value. */
  readonly mask: number;
  readonly value: number;
  /** 50xx, 60xx and 7Fxx stand for the even groups 00 to 1E only (PS3.5 §7.6). */
  readonly evenGroupsOnly: boolean;
}

interface Tables {
  byTag: Map<number, DictionaryEntry>;
  /** Repeating elements by their group with the varying nibbles zeroed (6000 for 60xx). */
  repeating: Map<number, RepeatingEntry[]>;
  byKeyword: Map<string, DictionaryEntry>;
  byLowerKeyword: Map<string, DictionaryEntry>;
}

let tables: Tables | undefined;

function parseLine(line: string): DictionaryEntry & { pattern: string } {
  const [pattern = '', vr = '', vm = '', keyword = '', retired] = line.split(' ');
  const tag = Number.parseInt(pattern.replaceAll('x', '0'), 16);
  return { pattern, tag, vr, vm, keyword: keyword === '-' ? '' : keyword, retired: retired === 'R' };
}

function load(): Tables {
  if (tables) return tables;
  const byTag = new Map<number, DictionaryEntry>();
  const byKeyword = new Map<string, DictionaryEntry>();
  const byLowerKeyword = new Map<string, DictionaryEntry>();
  const addKeyword = (entry: DictionaryEntry) => {
    if (!entry.keyword) return;
    byKeyword.set(entry.keyword, entry);
    byLowerKeyword.set(entry.keyword.toLowerCase(), entry);
  };
  for (const line of EXACT_ELEMENTS.split('\n')) {
    if (!line) continue;
    const { pattern: _pattern, ...entry } = parseLine(line);
    byTag.set(entry.tag, entry);
    addKeyword(entry);
  }
  const repeating = new Map<number, RepeatingEntry[]>();
  for (const line of REPEATING_ELEMENTS.split('\n')) {
    if (!line) continue;
    const { pattern, ...entry } = parseLine(line);
    let mask = 0;
    for (const char of pattern) mask = mask * 16 + (char === 'x' ? 0 : 0xf);
    const evenGroupsOnly = /^[0-9A-F]{2}xx/.test(pattern);
    const full: RepeatingEntry = { ...entry, mask: mask >>> 0, value: entry.tag, evenGroupsOnly };
    const group = full.value >>> 16;
    repeating.set(group, [...(repeating.get(group) ?? []), full]);
    addKeyword(full);
  }
  tables = { byTag, repeating, byKeyword, byLowerKeyword };
  return tables;
}

/** The dictionary entry for a tag, repeating groups included; undefined for unknown tags. */
export function dictionaryEntry(tag: number): DictionaryEntry | undefined {
  const t = load();
  const unsigned = tag >>> 0;
  const exact = t.byTag.get(unsigned);
  if (exact) return exact;
  const group = unsigned >>> 16;
  const candidates = t.repeating.get(group) ?? t.repeating.get(group & 0xff00);
  for (const entry of candidates ?? []) {
    if (((unsigned & entry.mask) >>> 0) !== entry.value) continue;
    if (entry.evenGroupsOnly) {
      const low = (unsigned >>> 16) & 0xff;
      if (low % 2 !== 0 || low > 0x1e) continue;
    }
    return entry;
  }
  return undefined;
}

/**
 * The VR to use for a tag when the file does not say (implicit VR little endian), or undefined
 * for tags the dictionary does not know (the codec then reads the value as UN).
 * Group lengths (gggg,0000) are UL and private creators (odd gggg, 0010–00FF) are LO.
 * Where the standard allows alternatives, the implicit-VR one is given: OW for "OB or OW"
 * (PS3.5 §A.1 encodes such data as OW in implicit VR), otherwise the first ("US or SS" → US).
 * Item and delimiter tags have no VR: undefined.
 */
export function vrForTag(tag: number): string | undefined {
  const unsigned = tag >>> 0;
  const group = unsigned >>> 16;
  const element = unsigned & 0xffff;
  if (element === 0 && group !== 0xfffe) return 'UL';
  if (group % 2 === 1) return element >= 0x10 && element <= 0xff ? 'LO' : undefined;
  const entry = dictionaryEntry(unsigned);
  if (!entry || entry.vr === 'NONE') return undefined;
  if (entry.vr === 'OB|OW') return 'OW';
  const bar = entry.vr.indexOf('|');
  return bar < 0 ? entry.vr : entry.vr.slice(0, bar);
}

/**
 * Every VR the standard allows for a tag ("US or SS" gives both), or undefined for a tag it does
 * not define (private tags included). A file's explicit VR may disagree: a StudyDescription
 * stored as US by a broken exporter still holds text, which those who read by keyword show.
 */
export function dictionaryVrs(tag: number): readonly string[] | undefined {
  const unsigned = tag >>> 0;
  if ((unsigned >>> 16) % 2 === 1) return undefined;
  if ((unsigned & 0xffff) === 0 && unsigned >>> 16 !== 0xfffe) return ['UL'];
  const entry = dictionaryEntry(unsigned);
  if (!entry || entry.vr === 'NONE') return undefined;
  return entry.vr.split('|');
}

/** The keyword of a tag (`PatientName` for 0x00100010), or undefined if the dictionary has none. */
export function keywordForTag(tag: number): string | undefined {
  return dictionaryEntry(tag)?.keyword || undefined;
}

/**
 * The tag of a keyword, case-sensitive as in the standard; for repeating elements the first
 * group (`OverlayData` → 0x60003000).
 */
export function tagForKeyword(keyword: string): number | undefined {
  return load().byKeyword.get(keyword)?.tag;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** A tag as the standard writes it: `(0010,0010)`. */
export function formatTag(tag: number): string {
  const unsigned = tag >>> 0;
  return `(${hex4(unsigned >>> 16)},${hex4(unsigned & 0xffff)})`;
}

const TAG_FORMS = [/^\(\s*([0-9a-f]{4})\s*,\s*([0-9a-f]{4})\s*\)$/i, /^([0-9a-f]{4})\s*,\s*([0-9a-f]{4})$/i, /^(?:0x)?([0-9a-f]{4})([0-9a-f]{4})$/i];

/**
 * Reads an attribute named by a user: a keyword (`InstitutionName`) or a tag written as
 * `(0008,1040)`, `0008,1040` or `00081040`. Throws a UsageError that says what is accepted.
 */
export function parseTagOrKeyword(text: string): number {
  const trimmed = text.trim();
  for (const form of TAG_FORMS) {
    const match = form.exec(trimmed);
    if (match) return Number.parseInt(`${match[1]}${match[2]}`, 16) >>> 0;
  }
  const tag = tagForKeyword(trimmed);
  if (tag !== undefined) return tag;
  const looksLikeTag = /^[(\d]/.test(trimmed);
  const near = looksLikeTag ? undefined : load().byLowerKeyword.get(trimmed.toLowerCase())?.keyword;
  const hint = near ? ` Did you mean ${near}?` : '';
  const what = trimmed === '' ? 'An empty attribute name' : `"${trimmed}"`;
  throw new UsageError(
    'bad-attribute',
    `${what} is neither a DICOM keyword nor a tag.${hint} Give a keyword such as InstitutionName, or a tag as (0008,1040), 0008,1040 or 00081040.`,
  );
}
