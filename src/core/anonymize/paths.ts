/**
 * Names in file and folder names: `DUPONTJEAN_001.dcm` becomes `<id>_001.dcm`. Paths come from
 * many file systems, so each segment is searched as given and in both NFC and NFD, and, as its
 * text may be one reading of bytes whose encoding nothing said (a zip entry name without the
 * UTF-8 flag, a file name on disk that is not UTF-8), in every other reading of those bytes: a
 * name is replaced whatever reading spells it, and the segment keeps the reading it came in.
 */
import { otherReadings, type ReadingFilter, readingsNamesMayHold } from '../text/name-readings.ts';
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

/** Spans of one text as given; the NFC and NFD forms are checked too. */
function formSpans(index: NameIndex, text: string, options: FindOptions): NameSpan[] {
  const spans = findNames(index, text, options);
  if (spans.length > 0) return spans;
  for (const form of [text.normalize('NFC'), text.normalize('NFD')]) {
    if (form === text) continue;
    const found = findNames(index, form, options);
    // A match only in another normal form: report it on the whole text.
    if (found.length > 0) return [{ start: 0, end: text.length, patientId: found[0]!.patientId }];
  }
  return [];
}

/** The readings of a path worth searching for this index's names. */
function readingFilter(index: NameIndex): ReadingFilter {
  return readingsNamesMayHold(index.units);
}

/** Spans of one segment in the segment as given, those of its other readings mapped onto it, overlaps joined. */
function segmentSpans(index: NameIndex, segment: string, options: FindOptions = {}): NameSpan[] {
  const spans = formSpans(index, segment, options);
  const readings = otherReadings(segment, readingFilter(index));
  if (readings.length === 0) return spans;
  const all = [...spans];
  for (const reading of readings) {
    for (const span of formSpans(index, reading.text, options)) {
      all.push({ start: reading.start[span.start]!, end: reading.end[span.end - 1]!, patientId: span.patientId });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const joined: NameSpan[] = [];
  for (const span of all) {
    const last = joined[joined.length - 1];
    if (last !== undefined && span.start < last.end) joined[joined.length - 1] = { ...last, end: Math.max(last.end, span.end) };
    else joined.push(span);
  }
  return joined;
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
      let before = segment;
      let renamed = renameSegment(index, segment, idFor, find);
      // An id beside what is left can bound a name another reading spells there (`4DUPONT`):
      // a segment read in several readings is searched again until none holds a name.
      for (let round = 0; round < MAX_ROUNDS && renamed !== before && otherReadings(renamed, readingFilter(index)).length > 0; round++) {
        before = renamed;
        renamed = renameSegment(index, before, idFor, find);
      }
      return renamed;
    })
    .join('/')
    .replace(/\\/g, '/');
}

const MAX_ROUNDS = 4;

function renameSegment(index: NameIndex, segment: string, idFor: (patientId: string) => string, find: FindOptions): string {
  const spans = segmentSpans(index, segment, find);
  if (spans.length === 0) return segment;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += segment.slice(at, span.start) + idFor(span.patientId);
    at = span.end;
  }
  return out + segment.slice(at);
}
