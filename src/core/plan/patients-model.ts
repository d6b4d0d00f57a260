/**
 * A patient as pass 1 leaves it: the id it got, every spelling and PatientID the scanner must
 * find, where its files come from, and its demographics link. Plain data: it goes to workers
 * (as the name index's input) and to plan.json.
 */
import type { PlanPatient } from './run-plan.ts';

export interface PlannedPatient extends PlanPatient {
  /** Original PatientID values (searched as whole tokens when ≥ 4 characters). */
  patientIds: string[];
  /** Input refs of its files. */
  refs: string[];
  /** The linked demographics row's cells by column, for the private and shared CSVs. */
  demographicsRow?: number;
}

/** A patient the private dir gave an id to, in this run or an earlier one (its registry, patients.json). */
export interface KnownPatientRecord {
  id: string;
  /** The canonical identity the id was derived from. */
  identity: string;
  name: string;
  spellings: string[];
  patientIds: string[];
  birthDate?: string;
  sex?: string;
  /** Source names (input folders or zips) its files came from. */
  sources: string[];
}
