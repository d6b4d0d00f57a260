/**
 * What pass 2 sends to a worker for one file, and what comes back: refs and paths, never bytes
 * and never more than the outcome (a worker's message holds no name either).
 */
import type { ScannedFile } from '../../core/plan/scanned-file.ts';

export interface FileTask {
  ref: string;
  /** Output path relative to the output folder. */
  out: string;
  /** The id of the file's own patient (it wins where two patients match the same text). */
  patientId: string;
  /**
   * `write`: anonymize from the input. `recheck`: an earlier output exists for these very input
   * bytes but new spellings are known since; verify it against them and rewrite only if needed.
   */
  mode: 'write' | 'recheck';
  /** What pass 1 saw of the file (`seenDigest`): other bytes read now are not the file planned. */
  seen?: number;
  /** For a re-check: what the earlier write reported, still true if the file is unchanged. */
  earlier?: Pick<FileResult, 'warnings' | 'names' | 'shortened' | 'actions'>;
}

/**
 * A file as the plan keeps it: its task and what the scan saw of its input, from which its
 * signature is worked out when the journal needs it.
 */
export interface PlannedFile {
  task: FileTask;
  file: Pick<ScannedFile, 'size' | 'kind' | 'identity'>;
}

export interface FileResult {
  ref: string;
  outcome: 'anonymized' | 'unchanged' | 'quarantined' | 'skipped';
  /** Output path (or quarantine path for a residue), relative to its folder. */
  out: string;
  size: number;
  flags: string[];
  /** For a residue: where the name is still found (element tag path, or `path`). Never the name. */
  element?: string;
  /** For a skipped file: why, without quoting the file. */
  reason?: string;
  /** What was done to a written file that the user should hear of (trailing junk dropped…). */
  warnings?: string[];
  /** Values changed by a name match, by attribute keyword (counts only). */
  names?: Record<string, number>;
  /** Values whose kept text was shortened so the id fits the VR. */
  shortened?: number;
  /** Profile actions taken in the file: keyword → action → values (no values themselves). */
  actions?: Record<string, Record<string, number>>;
}
