/**
 * report.json: what a collaborator may read about the run. Counts, options without paths, tool
 * version, status, risk flags and per-file outcomes keyed by output path or by an opaque input
 * reference; never an input path, never a name. Written last, so a `complete` report means the
 * whole output is there.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { FileCounts, RunSummary } from './types.ts';

export type FileOutcome = 'anonymized' | 'unchanged' | 'ignored' | 'skipped' | 'quarantined' | 'excluded' | 'dropped';

/** One file's line: `output` for files in the output, `input` (opaque) for the others. */
export interface ReportFile {
  output?: string;
  input?: string;
  outcome: FileOutcome;
  /** Why a file was not anonymized, in words that never quote its content or its path. */
  reason?: string;
  /** Risk flags (burned-in-annotation, secondary-capture, screenshot, cine, dose-report…). */
  flags?: string[];
}

export interface Report {
  tool: 'dicomveil';
  version: string;
  /** Random id tying this output to its private dir; says nothing about the patients. */
  dataset: string;
  status: RunSummary['status'];
  finishedAt: string;
  patients: number;
  ambiguous: number;
  /** Patients whose demographics row is only suggested (counted in missingDemographics too). */
  suggested: number;
  missingDemographics: number;
  files: FileCounts;
  options: Record<string, unknown>;
  riskFlags: Record<string, number>;
  fileOutcomes: ReportFile[];
}

/** The options a report may show: choices, never paths (they may hold names). */
export function reportableOptions(options: AnonymizeOptions): Record<string, unknown> {
  return {
    demographics: options.demographics !== undefined,
    links: options.links !== undefined,
    distance: options.distance,
    idPrefix: options.idPrefix,
    idLength: options.idLength,
    ids: options.ids,
    remove: options.remove,
    privateTags: options.privateTags,
    onResidue: options.onResidue,
    documents: options.documents,
    dropColumns: options.dropColumns,
    jobs: options.jobs,
  };
}

/**
 * An input reference that can be shown: a keyed digest of the input ref, stable across runs of
 * the same private dir, unguessable without its key. The private journal maps it back.
 */
export function opaqueRef(key: Uint8Array, ref: string): string {
  return `input-${createHmac('sha256', key).update(`input-ref:${ref}`).digest('hex').slice(0, 16)}`;
}

/** Counts risk flags over the files, for the summary line and the report's head. */
export function countFlags(files: readonly ReportFile[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of files) for (const flag of file.flags ?? []) counts[flag] = (counts[flag] ?? 0) + 1;
  return counts;
}

/** Writes report.json into the output, atomically. */
export function writeReport(output: string, report: Report): void {
  const sorted = [...report.fileOutcomes].sort((a, b) => ((a.output ?? a.input ?? '') < (b.output ?? b.input ?? '') ? -1 : 1));
  writeFileAtomic(join(output, 'report.json'), `${JSON.stringify({ ...report, fileOutcomes: sorted }, null, 2)}\n`);
}
