/**
 * Names in file and folder names: `DUPONTJEAN_001.dcm` becomes `<id>_001.dcm`. Paths come from
 * many file systems, so each segment is searched as given and in both NFC and NFD.
 */
import type { Finding } from './finding.ts';
import { findNames, type NameSpan } from './find-names.ts';
import type { NameIndex } from './name-index.ts';

/**
 * Segments split at `/` only: a `\` may be part of a file name (Linux allows it) or a Windows
 * separator, and either way it separates words, so a name written across it ("DUPONT\JEAN") is
 * found whole instead of as halves that each look harmless.
 */
function segmentsOf(relativePath: string): string[] {
  return relativePath.split('/');
}

/**
 * Spans of one segment, in the segment as given; the NFC and NFD forms are checked too. The
 * finder reads `\` as a boundary between DICOM values, never between the words of one name, so
 * it is searched as a space (same length: the spans stay in place).
 */
function segmentSpans(index: NameIndex, given: string, prefer?: string): NameSpan[] {
  const options = prefer === undefined ? {} : { prefer };
  const segment = given.replaceAll('\\', ' ');
  const spans = findNames(index, segment, options);
  if (spans.length > 0) return spans;
  for (const form of [segment.normalize('NFC'), segment.normalize('NFD')]) {
    if (form === segment) continue;
    const found = findNames(index, form, options);
    // A match only in another normal form: report it on the whole segment.
    if (found.length > 0) return [{ start: 0, end: given.length, patientId: found[0]!.patientId }];
  }
  return [];
}

/** Every known name or PatientID in a relative path (`/` or `\` separated), one finding per `/` segment hit. */
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
 * (`\` included) come out as `/`. `prefer` breaks ties between patients sharing a family name.
 */
export function renamePath(
  index: NameIndex,
  relativePath: string,
  idFor: (patientId: string) => string = (id) => id,
  prefer?: string,
): string {
  return segmentsOf(relativePath)
    .map((segment) => {
      const spans = segmentSpans(index, segment, prefer);
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
    .replaceAll('\\', '/');
}
