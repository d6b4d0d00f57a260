/**
 * The JSON the page and the local server exchange. Type-only: the page imports it without pulling
 * any server code into its bundle.
 */
import type { AnonymizeOptions, OptionProblem, OptionSpec, WrittenOptions } from '../core/options/schema.ts';
import type { AttributeChange } from '../core/dicom/diff.ts';
import type { PlanPatient, RunPlan, RunProgress, RunSummary } from '../node/run/types.ts';

export type { AttributeChange, PlanPatient, RunPlan, RunProgress, RunSummary };

/** What the page needs to draw its form. */
export interface SchemaAnswer {
  specs: readonly OptionSpec[];
  cpuCount: number;
  home: string;
}

export interface OptionsRequest {
  options: WrittenOptions;
}

export interface ValidateAnswer {
  errors: OptionProblem[];
  /** The options with defaults applied, when valid (private dir included). */
  options?: AnonymizeOptions;
}

/** A link choice from the review: `demographicsName` empty for "no demographics row". */
export interface LinkChoiceRequest {
  options: WrittenOptions;
  choices: { dicomName: string; demographicsName: string }[];
}

export type GuiPhase = 'idle' | 'planning' | 'planned' | 'running' | 'finished' | 'failed';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** One message of the progress stream. */
export type SessionEvent =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'log'; entry: LogEntry }
  | { type: 'snapshot'; snapshot: Snapshot };

/** Everything the page shows, sent on connect and whenever the phase changes. */
export interface Snapshot {
  phase: GuiPhase;
  progress: RunProgress | undefined;
  summary: RunSummary | undefined;
  error: string | undefined;
  logs: LogEntry[];
  /** The options, as the page wrote them, of the run (else the preview) this state belongs to. */
  options: WrittenOptions | undefined;
}

/** A patient row of the result table: the id, how many files, and its demographics link. */
export interface ResultPatient {
  id: string;
  name: string;
  files: number;
  link: string;
  score: string;
  flags: string[];
}

/** A file the run did not anonymize, and why. */
export interface FileNote {
  path: string;
  outcome: string;
  reason: string;
}

/** The "After" view: the summary plus the tables read from the output and private dir. */
export interface ResultAnswer {
  summary: RunSummary;
  patients: ResultPatient[];
  missing: { id: string; name: string; reason: string }[];
  files: FileNote[];
  risks: { id: string; flags: string[] }[];
  /** Output files with risk flags (path relative to the output), to look at before sharing. */
  flaggedFiles: { path: string; flags: string[] }[];
  warnings: string[];
}

/** The output files of the last run, by path relative to the output (at most a few thousand listed). */
export interface ChangedFilesAnswer {
  total: number;
  files: string[];
}

/** What changed between an output file and its input. */
export interface FileChangesAnswer {
  path: string;
  input: string;
  changes: AttributeChange[];
}

/** The resolved action table of the form's profile options (what `dicomveil profile` prints). */
export interface ProfileAnswer {
  profile: NonNullable<RunPlan['profile']>;
}
