/**
 * Private elements that vendors define (dcmtk's private dictionary): in implicit-VR files they
 * have no VR of their own, and knowing that (0029,xx10) of "SIEMENS CSA HEADER" is OB, or that
 * a GE element is LO, lets a reader treat them as what they are instead of UN.
 * Parsed on first use, like the standard dictionary.
 */
import { PRIVATE_ELEMENTS } from './dictionary-private.gen.ts';

/** A private element as its creator defines it. */
export interface PrivateEntry {
  /** The VR, or alternatives ("OB|OW"). */
  readonly vr: string;
  /** The vendor's name for it; empty where none is given. */
  readonly keyword: string;
}

let exact: Map<string, PrivateEntry> | undefined;
let folded: Map<string, PrivateEntry> | undefined;

function load(): [Map<string, PrivateEntry>, Map<string, PrivateEntry>] {
  if (exact && folded) return [exact, folded];
  exact = new Map();
  folded = new Map();
  for (const line of PRIVATE_ELEMENTS.split('\n')) {
    const match = /^([0-9A-F]{4})([0-9A-F]{2}) (\S+) (\S+) (.+)$/.exec(line);
    if (!match) continue;
    const [, group = '', element = '', vr = '', keyword = '', creator = ''] = match;
    const entry: PrivateEntry = { vr, keyword: keyword === '-' ? '' : keyword };
    const key = `${group} ${element} `;
    if (!exact.has(key + creator)) exact.set(key + creator, entry);
    if (!folded.has(key + creator.toLowerCase())) folded.set(key + creator.toLowerCase(), entry);
  }
  return [exact, folded];
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/**
 * The entry of a private data element (odd group, element 0x1000–0xFFFF) given the private
 * creator that reserved its block; creators are matched as written, then ignoring case and
 * surrounding spaces (writers pad and recase them).
 */
export function privateDictionaryEntry(tag: number, creator: string | undefined): PrivateEntry | undefined {
  const unsigned = tag >>> 0;
  const group = unsigned >>> 16;
  const element = unsigned & 0xffff;
  if (creator === undefined || group % 2 === 0 || element < 0x1000) return undefined;
  const [byCreator, byFoldedCreator] = load();
  const key = `${hex(group, 4)} ${hex(element & 0xff, 2)} `;
  return byCreator.get(key + creator) ?? byFoldedCreator.get(key + creator.trim().toLowerCase());
}

/** The VR of a private data element, resolved as {@link vrForTag} resolves alternatives. */
export function privateVrForTag(tag: number, creator: string | undefined): string | undefined {
  const vr = privateDictionaryEntry(tag, creator)?.vr;
  if (vr === undefined) return undefined;
  if (vr === 'OB|OW') return 'OW';
  const bar = vr.indexOf('|');
  return bar < 0 ? vr : vr.slice(0, bar);
}
