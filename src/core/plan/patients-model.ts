/**
 * A patient as pass 1 leaves it: the id it got, every spelling and PatientID the scanner must
 * find, where its files come from, and its demographics link. Plain data: it goes to workers
 * (as the name index's input) and to plan.json.
 */
import type { SheetRow } from '../demographics/kept-rows.ts';
import type { LinkEvidence, PlanPatient } from './run-plan.ts';

export interface PlannedPatient extends PlanPatient {
  /** Original PatientID values (searched as whole tokens when ≥ 4 characters). */
  patientIds: string[];
  /** Keys of its file classes (`fileClassKey`): the files that are its. */
  members: string[];
}

/** A patient the private dir gave an id to, in this run or an earlier one (its registry, patients.json). */
export interface KnownPatientRecord {
  id: string;
  /** The canonical identity the id was derived from. */
  identity: string;
  name: string;
  /** How the private lists name the patient (the name without trailing `^`, or its PatientID or folder). */
  label?: string;
  spellings: string[];
  /**
   * The spellings its files gave (no demographics name): what a later run links it with, so a
   * run stopped and run again links as if it had not stopped, whatever row the first try linked.
   */
  fileSpellings?: string[];
  patientIds: string[];
  birthDate?: string;
  sex?: string;
  /** Source names (input folders or zips) its files came from. */
  sources: string[];
  /** Its demographics link as the CSVs write it; absent while no run gave a demographics file. */
  link?: KnownLink;
}

/**
 * What a run decided about a patient's demographics row, kept so that every later run writes the
 * CSVs for the whole output: a linked row is kept whole (with its sheet's header), since a later
 * run may have another sheet, or none.
 */
export interface KnownLink {
  status: PlanPatient['link']['status'];
  demographicsName?: string;
  score?: number;
  evidence?: LinkEvidence;
  /** Linked or manual: the row as its sheet had it, header and delimiter with it. */
  row?: SheetRow;
  /** Ambiguous, suggested or missing: the rows it could be, by line in the sheet of that run. */
  candidates?: { name: string; line: number }[];
}
