/**
 * The attributes that differ between two parsed files (an input and what was written for it), for
 * a person to read: element by tag path, text decoded with the charset in effect at each side,
 * binary values by their byte count. Sequences are compared through their items' elements; a
 * sequence present on one side only is one row.
 */
import { decodeText } from './charset.ts';
import { keywordForTag } from './dictionary.ts';
import type { DicomElement, DicomFile } from './model.ts';

export interface AttributeChange {
  path: string;
  keyword: string;
  change: 'changed' | 'removed' | 'added';
  /** '' when the attribute was added. */
  before: string;
  /** '' when the attribute was removed. */
  after: string;
}

const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);

/** Longest text shown for one value: a page lists many rows, and a report value can be megabytes. */
const SHOWN_TEXT = 2000;

/** Compared in slices: bulk data is never read whole. */
const SLICE = 1 << 20;

function byPath(file: DicomFile): Map<string, DicomElement> {
  const map = new Map<string, DicomElement>();
  for (const element of file.elements()) if (!map.has(element.path)) map.set(element.path, element);
  return map;
}

function streamOf(file: DicomFile, element: DicomElement) {
  return element.inMeta ? file.source : file.datasetSource;
}

/** The bytes after the element's header up to its end: the value, or the fragments of encapsulated data. */
function valueRange(element: DicomElement): { offset: number; length: number } {
  const offset = element.valueOffset;
  return { offset, length: Math.max(0, element.end - offset) };
}

function sameValue(a: DicomFile, ea: DicomElement, b: DicomFile, eb: DicomElement): boolean {
  const ra = valueRange(ea);
  const rb = valueRange(eb);
  if (ra.length !== rb.length || ea.vr !== eb.vr) return false;
  const sa = streamOf(a, ea);
  const sb = streamOf(b, eb);
  for (let done = 0; done < ra.length; done += SLICE) {
    const n = Math.min(SLICE, ra.length - done);
    // A source may reuse its buffer on the next read: keep a copy of one side.
    const left = sa.read(ra.offset + done, n).slice();
    const right = sb.read(rb.offset + done, n);
    for (let i = 0; i < n; i += 1) if (left[i] !== right[i]) return false;
  }
  return true;
}

function shown(file: DicomFile, element: DicomElement): string {
  if (element.isSequence) return `${element.items.length} item${element.items.length === 1 ? '' : 's'}`;
  const { offset, length } = valueRange(element);
  if (!TEXT_VRS.has(element.vr) || element.isBulk || element.isEncapsulated) return `${length} byte${length === 1 ? '' : 's'}`;
  const bytes = streamOf(file, element).read(offset, Math.min(length, SHOWN_TEXT * 4));
  const text = decodeText(bytes, element.charsets, element.vr).replace(/[\0 ]+$/, '');
  return text.length > SHOWN_TEXT ? `${text.slice(0, SHOWN_TEXT)}…` : text;
}

function keywordOf(element: DicomElement): string {
  return keywordForTag(element.tag) ?? (element.privateCreator === undefined ? '' : `private (${element.privateCreator})`);
}

/** Whether an element lies inside a sequence that is itself listed as removed or added. */
function insideListed(path: string, listed: ReadonlySet<string>): boolean {
  for (let at = path.lastIndexOf('['); at > 0; at = path.lastIndexOf('[', at - 1)) if (listed.has(path.slice(0, at))) return true;
  return false;
}

/** The attributes of `before` and `after` that differ, in the order of `before`, added ones last. */
export function diffDicom(before: DicomFile, after: DicomFile): AttributeChange[] {
  const left = byPath(before);
  const right = byPath(after);
  const changes: AttributeChange[] = [];
  const listed = new Set<string>();
  for (const [path, element] of left) {
    if (insideListed(path, listed)) continue;
    const other = right.get(path);
    if (other === undefined) {
      listed.add(path);
      changes.push({ path, keyword: keywordOf(element), change: 'removed', before: shown(before, element), after: '' });
    } else if (element.isSequence !== other.isSequence) {
      changes.push({ path, keyword: keywordOf(element), change: 'changed', before: shown(before, element), after: shown(after, other) });
    } else if (!element.isSequence && !sameValue(before, element, after, other)) {
      changes.push({ path, keyword: keywordOf(element), change: 'changed', before: shown(before, element), after: shown(after, other) });
    }
  }
  for (const [path, element] of right) {
    if (left.has(path) || insideListed(path, listed)) continue;
    listed.add(path);
    changes.push({ path, keyword: keywordOf(element), change: 'added', before: '', after: shown(after, element) });
  }
  return changes;
}
