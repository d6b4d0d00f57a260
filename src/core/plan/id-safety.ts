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

/** What may not stand in an id, read in a text. */
export interface IdChecks {
  /** Whether `text` holds a name (given names of every patient included: an id stands in its patient's own files) or a PatientID. */
  spells(text: string): boolean;
  /** Whether `text` holds a PatientID as a whole token: what the second opinion finds even inside an id. */
  holdsPatientId(text: string): boolean;
}

/** The checks for ids among `patients`. */
export function idChecks(patients: readonly SearchedPatient[]): IdChecks {
  // No id is passed: nothing is written on purpose yet, so nothing is excused.
  const needles = buildNeedles(patients.map((patient) => ({ id: '', spellings: patient.spellings, patientIds: patient.patientIds })));
  return {
    spells: (text) => searchText(needles, text, EVERY_PATIENT).length > 0,
    holdsPatientId: (text) => searchText(needles, text, undefined).some((hit) => hit.patientId === true),
  };
}

/**
 * Refuses an `--id-prefix` that spells a patient: every id, and so every file and path of the
 * output, would hold it. The prefix alone is read, whatever follows it in an id.
 */
export function checkIdPrefix(prefix: string, checks: IdChecks): void {
  if (!checks.spells(prefix)) return;
  throw new UsageError(
    'E_ID_PREFIX_NAME',
    `--id-prefix ${JSON.stringify(prefix)} holds a name or PatientID of a patient of this input: every id, file and path would hold it; choose another prefix; nothing written`,
  );
}

/**
 * Refuses to go on when an id issued by an earlier run holds a PatientID a patient brings now (a
 * new patient whose PatientID is another's order number): ids never change, that id is in its
 * patient's files and paths already, and the second opinion would find it there. A name a new
 * patient brings that an earlier keyed id happens to spell is no refusal: an id is written on
 * purpose, and names inside one are not searched.
 */
export function checkIssuedIds(ids: Iterable<string>, checks: IdChecks): void {
  for (const id of ids) {
    if (!checks.holdsPatientId(id)) continue;
    throw new UsageError(
      'E_ID_HOLDS_PATIENT_ID',
      `the id ${id}, issued by an earlier run of this private dir, holds the PatientID of a patient of this input; ids never change, so this input needs a new output and private dir; nothing written`,
    );
  }
}
