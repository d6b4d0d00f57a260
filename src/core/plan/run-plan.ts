/**
 * The plan of a run as pass 1 leaves it and the faces (CLI, GUI review, plan.json) see it: the
 * patients with their links and flags, the ignored files, the demographics rows, the warnings.
 */
import type { ProfileRow } from '../profiles/describe.ts';

/** One patient as the plan sees it: names appear here, so plans stay in the private dir. */
export interface PlanPatient {
  id: string;
  name: string;
  spellings: string[];
  sources: { path: string; files: number }[];
  link: {
    /** `suggested`: weak evidence, not applied until confirmed in links.csv. */
    status: 'linked' | 'suggested' | 'ambiguous' | 'missing' | 'manual' | 'none';
    row?: number;
    demographicsName?: string;
    score?: number;
    /** What the link (or suggestion) rests on. */
    evidence?: LinkEvidence;
  };
  /** What the images say beside the name, for choosing a row: birth date (YYYYMMDD), sex, PatientIDs. */
  facts?: { birthDate?: string; sex?: string; patientIds: string[] };
  /** The best few demographics rows, each with its own distance and what the row says of the person. */
  candidates: { row: number; name: string; score: number; birthDate?: string; sex?: string; id?: string }[];
  /** ambiguous, homonym, low-score, risky-images, several-identities… */
  flags: string[];
}

/** A link's evidence as the review and mapping.csv show it (CONTRACT.md "Linking patients…"). */
export interface LinkEvidence {
  name: 'full' | 'partial' | 'none';
  nameDistance: number;
  birthDate: 'same' | 'near' | 'different' | 'unknown';
  sex: 'same' | 'different' | 'unknown';
  id: 'equal' | 'different' | 'unknown';
}

export interface RunPlan {
  patients: PlanPatient[];
  ignored: { path: string; reason: string }[];
  demographicsRows: { row: number; name: string }[];
  warnings: string[];
  /** The resolved action table of the run's profile (the rows `dicomveil profile` prints). */
  profile?: { id: string; retain: string[]; clean: string[]; rows: ProfileRow[] };
}
