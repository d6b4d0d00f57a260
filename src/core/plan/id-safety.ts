/**
 * A pseudonym id stands in every file and path of its patient, and its prefix in every patient's:
 * neither may hold a searched form of any known patient's name or PatientID (CONTRACT.md,
 * "Promises"). Read with the second opinion's own search, so what is issued is what the check
 * after each write and `dicomveil verify` accept.
 */
import { UsageError } from '../errors.ts';
import { buildNeedles, EVERY_PATIENT, searchText } from '../verify/index.ts';

/** What a patient is searched by. */
export interface SearchedPatient {
  readonly spellings: readonly string[];
  readonly patientIds: readonly string[];
}

/**
 * Whether a text holds a name or PatientID of any of `patients`, given names included (an id
 * stands in its patient's own files, where they are searched alone).
 */
export function namesHeldBy(patients: readonly SearchedPatient[]): (text: string) => boolean {
  // No id is passed: nothing is written on purpose yet, so nothing is excused.
  const needles = buildNeedles(patients.map((patient) => ({ id: '', spellings: patient.spellings, patientIds: patient.patientIds })));
  return (text) => searchText(needles, text, EVERY_PATIENT).length > 0;
}

/**
 * Refuses an `--id-prefix` that spells a patient: every id, and so every file and path of the
 * output, would hold it. The prefix alone is read, whatever follows it in an id.
 */
export function checkIdPrefix(prefix: string, holdsName: (text: string) => boolean): void {
  if (!holdsName(prefix)) return;
  throw new UsageError(
    'E_ID_PREFIX_NAME',
    `--id-prefix ${JSON.stringify(prefix)} holds a name or PatientID of a patient of this input: every id, file and path would hold it; choose another prefix; nothing written`,
  );
}

/**
 * Refuses to go on when an id issued by an earlier run holds a name or PatientID a patient brings
 * now (a new patient whose PatientID is another's order number): ids never change, and that id
 * is in the patient's files and paths already.
 */
export function checkIssuedIds(ids: Iterable<string>, holdsName: (text: string) => boolean): void {
  for (const id of ids) {
    if (!holdsName(id)) continue;
    throw new UsageError(
      'E_ID_HOLDS_NAME',
      `the id ${id}, issued by an earlier run of this private dir, holds a name or PatientID of a patient of this input; ids never change, so this input needs a new output and private dir; nothing written`,
    );
  }
}
