/**
 * The shapes the two faces (CLI, GUI) see of a run: its progress, its plan (the dry run, and the
 * GUI's review) and its summary (`--json`, CONTRACT.md "--json summary").
 */
// The plan is pure data built in core/plan; the faces keep reading every run shape from here.
export type { LinkEvidence, PlanPatient, RunPlan } from '../../core/plan/run-plan.ts';

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
