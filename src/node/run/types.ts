/**
 * The shapes the two faces (CLI, GUI) see of a run: its progress, its plan (the dry run, and the
 * GUI's review) and its summary (`--json`, CONTRACT.md "--json summary").
 */
import type { ProfileRow } from '../../core/profiles/describe.ts';

/** Where a run stands; emitted often, cheap to build. */
export interface RunProgress {
  phase: 'scan' | 'write' | 'verify';
  done: number;
  total: number;
  filesPerSecond: number;
  etaSeconds: number | undefined;
  /** The pseudonym id (never the name) of the patient being written. */
  currentPatient: string | undefined;
}

/** Callbacks and cancellation a face passes to a run. */
export interface RunHooks {
  onProgress?(p: RunProgress): void;
  onLog?(e: { level: 'info' | 'warn' | 'error'; message: string }): void;
  /** Aborting stops the run after the files in flight: status `stopped`, resumable. */
  signal?: AbortSignal;
}

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
  /** The best few demographics rows, for the review. */
  candidates: { row: number; name: string; score: number }[];
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

export interface FileCounts {
  anonymized: number;
  unchanged: number;
  ignored: number;
  skipped: number;
  quarantined: number;
}

export interface RunSummary {
  status: 'complete' | 'stopped' | 'partial' | 'refused';
  patients: number;
  ambiguous: number;
  /** Patients whose demographics row is only suggested (not applied until confirmed). */
  suggested: number;
  files: FileCounts;
  output: string;
  privateDir: string;
  error?: string;
  exitCode: 0 | 1 | 2 | 3;
  /**
   * Files to look at by eye, by risk flag (burned-in-annotation, secondary-capture, cine…): text
   * drawn into pixels cannot be searched. Also in report.json.
   */
  riskFlags?: Record<string, number>;
  /** The first residue: input path, quarantine path (when quarantined), element. Never the name. */
  residue?: { input: string; quarantine?: string; element: string };
}
