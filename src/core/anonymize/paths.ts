/**
 * Names in file and folder names: `DUPONTJEAN_001.dcm` becomes `<id>_001.dcm`. Paths come from
 * many file systems, so each segment is searched as given and in both NFC and NFD.
 */
import type { Finding } from './finding.ts';
import { type FindOptions, findNames, type NameSpan } from './find-names.ts';
import type { NameIndex } from './name-index.ts';

/**
 * `/`-separated segments. A `\` (a Windows separator, or a character of a Linux file name) is
 * searched as a name separator inside its segment, so `LOY\BRIDGET` is one name, not two words.
 */
function segmentsOf(relativePath: string): string[] {
  return relativePath.split('/');
}

/** Spans of one segment, in the segment as given; the NFC and NFD forms are checked too. */
function segmentSpans(index: NameIndex, segment: string, options: FindOptions = {}): NameSpan[] {
  const spans = findNames(index, segment, options);
  if (spans.length > 0) return spans;
  for (const form of [segment.normalize('NFC'), segment.normalize('NFD')]) {
    if (form === segment) continue;
    const found = findNames(index, form, options);
    // A match only in another normal form: report it on the whole segment.
    if (found.length > 0) return [{ start: 0, end: segment.length, patientId: found[0]!.patientId }];
  }
  return [];
}

/** Every known name or PatientID in a relative path (`/` separated), one finding per segment hit. */
export function scanPath(index: NameIndex, relativePath: string): Finding[] {
  const findings: Finding[] = [];
  segmentsOf(relativePath).forEach((segment, i) => {
    for (const span of segmentSpans(index, segment)) {
      findings.push({
        patientId: span.patientId,
        where: 'path',
        segment: i,
        message: `path segment ${i + 1} holds a name or PatientID of ${span.patientId}`,
      });
    }
  });
  return findings;
}

/**
 * The path with each name or PatientID in its segments replaced by `idFor(patientId)`; separators
 * come out as `/`. For a path of one patient's file, `{ prefer, own }` with its id: it wins ties
 * between patients sharing a family name, and its own name words are searched alone too.
 */
export function renamePath(
  index: NameIndex,
  relativePath: string,
  idFor: (patientId: string) => string = (id) => id,
  find: FindOptions = {},
): string {
  return segmentsOf(relativePath)
    .map((segment) => {
      const spans = segmentSpans(index, segment, find);
      if (spans.length === 0) return segment;
      let out = '';
      let at = 0;
      for (const span of spans) {
        out += segment.slice(at, span.start) + idFor(span.patientId);
        at = span.end;
      }
      return out + segment.slice(at);
    })
    .join('/')
    .replace(/\\/g, '/');
}
