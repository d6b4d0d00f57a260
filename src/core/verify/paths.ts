/**
 * The second opinion on a path: the whole relative path (`/` and `\` are separators like any
 * other, so a name split over two folders is found too), as given and in NFC and NFD, and in every
 * other reading of the bytes its segments may have been read from (`Kr÷nberger`, a Latin-1 zip
 * entry name read as CP437, is `Krönberger` in Windows-1252): the path alone tells them.
 */
import { pathReadings, readingsNamesMayHold } from '../text/name-readings.ts';
import { searchText } from './match.ts';
import type { Needles } from './needles.ts';
import type { VerifyFinding } from './written-file.ts';

/** Findings for `relativePath`; `ownId` is the patient whose folder it is, when known. */
export function secondOpinionPath(needles: Needles, relativePath: string, ownId?: string): VerifyFinding[] {
  const own = ownId === undefined ? undefined : needles.patients.findIndex((p) => p.id === ownId);
  const found = new Set<string>();
  const forms = pathReadings(relativePath, readingsNamesMayHold(needles.units)).flatMap((reading) => [reading, reading.normalize('NFC'), reading.normalize('NFD')]);
  for (const form of new Set(forms)) {
    for (const hit of searchText(needles, form, own === undefined || own < 0 ? undefined : own)) found.add(needles.patients[hit.patient]!.id);
  }
  return [...found].map((patientId) => ({ patientId, place: 'path', reading: 'path', message: `the path holds a name or PatientID of ${patientId}` }));
}
