/**
 * report.json: what a collaborator may read about the run. Counts, options without paths, tool
 * version, status, risk flags and per-file outcomes keyed by output path or by an opaque input
 * reference; never an input path, never a name. Written last, so a `complete` report means the
 * whole output is there.
 */
import { createHmacSha256, type SyncHmac } from '../../core/ids/hmac.ts';
import { DIGITS, digestToText } from '../../core/ids/keyed-hash.ts';
import { tagForKeyword } from '../../core/dicom/dictionary.ts';
import { join } from 'node:path';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { type PrivateReportDetails, renderPrivateReportHtml, renderReportHtml, renderReportWording, reportListsCollector } from '../../core/report/html.ts';
import { bytesOfName } from '../sources/fs-names.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { flatString, readJsonSplit, writeJsonAtomic } from '../io/text-files.ts';
import { StreamedArray } from '../../core/json/write-json.ts';
import type { FileCounts, RunSummary } from './types.ts';

export type FileOutcome = 'anonymized' | 'unchanged' | 'ignored' | 'skipped' | 'quarantined' | 'excluded' | 'dropped';

/** One file's line: `output` for files in the output; `input`, opaque, for every file (files.csv's reference). */
export interface ReportFile {
  output?: string;
  input?: string;
  outcome: FileOutcome;
  /** Why a file was not anonymized, or what was dropped from it, in words that never quote its content or its path. */
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
  /**
   * Values changed because a known name or PatientID was found in them, by attribute keyword
   * (private and unknown elements by tag), over every file in the output: counts, never values.
   * PatientName and PatientID, which the profile sets to the id, are not counted here.
   */
  nameReplacements: Record<string, number>;
  /** Values whose kept text was shortened so the id fits the VR's maximum length. */
  valuesShortened: number;
  /** The profile, its options, and per attribute keyword how many values each action changed (counts only). */
  profile?: ProfileReport;
  fileOutcomes: ReportFile[];
}

export interface ProfileReport {
  /** The profile (keyed `id`: the word "name" is a patient's name in some datasets, and report.json is searched). */
  id: AnonymizeOptions['profile'];
  retain: AnonymizeOptions['retain'];
  clean: AnonymizeOptions['clean'];
  privateTags: AnonymizeOptions['privateTags'];
  /**
   * What C (clean) does: `knownNamesReplaced`, every searched form of every known patient (the only
   * cleaning that can be proven; other identifying text is not detected). One camel-case token,
   * like every text here: report.json is itself searched for names, and plain words can be names.
   */
  cleaning: 'knownNamesReplaced';
  /** Where the output departs from the standard's profile (`privateTags` under `--private-tags keep`). */
  departsFromStandard: string[];
  /** keyword → action → number of values, over the files written by this run. */
  actions: Record<string, Record<string, number>>;
}

/** The profile part of report.json, with the per-keyword action counts of the files written. */
export function profileReport(options: AnonymizeOptions, perFile: readonly (Record<string, Record<string, number>> | undefined)[]): ProfileReport {
  const actions: Record<string, Record<string, number>> = {};
  for (const counts of perFile) {
    for (const [keyword, byAction] of Object.entries(counts ?? {})) {
      const into = actions[keyword] ?? {};
      for (const [action, n] of Object.entries(byAction)) into[action] = (into[action] ?? 0) + n;
      actions[keyword] = into;
    }
  }
  const sorted = Object.fromEntries(Object.entries(actions).sort(([a], [b]) => (a < b ? -1 : 1)));
  const departs = options.profile === 'basic' && options.privateTags === 'keep' ? ['privateTags'] : [];
  return { id: options.profile, retain: options.retain, clean: options.clean, privateTags: options.privateTags, cleaning: 'knownNamesReplaced', departsFromStandard: departs, actions: sorted };
}

/** The options a report may show: choices, never paths or the sheet's column names (they may hold names). */
export function reportableOptions(options: AnonymizeOptions): Record<string, unknown> {
  return {
    demographics: options.demographics !== undefined,
    links: options.links !== undefined,
    distance: options.distance,
    idPrefix: options.idPrefix,
    idLength: options.idLength,
    ids: options.ids,
    profile: options.profile,
    retain: options.retain,
    clean: options.clean,
    remove: options.remove,
    privateTags: options.privateTags,
    onResidue: options.onResidue,
    documents: options.documents,
    // Column names are the sheet's text, and a column may be named after a patient ("Blanc notes").
    dropColumns: options.dropColumns.length,
    jobs: options.jobs,
  };
}

/**
 * An input reference that can be shown: a keyed digest of the input ref, stable across runs of
 * the same private dir, unguessable without its key. The private journal maps it back.
 */
export function opaqueRef(key: Uint8Array, ref: string): string {
  let hmac = preparedKeys.get(key);
  if (hmac === undefined) {
    hmac = createHmacSha256(key);
    preparedKeys.set(key, hmac);
  }
  // As the bytes the ref stands for: refs of names that are not UTF-8 differ in bytes only.
  // Digits only: a hex digest can spell a name by chance, and report.json is searched for names.
  // Flat: one is held for every file of the run.
  return flatString(`input-${digestToText(hmac.digest(bytesOfName(`input-ref:${ref}`)), 20, DIGITS)}`);
}

/** A run's key prepared once: every file of the run gets a reference. */
const preparedKeys = new WeakMap<Uint8Array, SyncHmac>();

/** Counts risk flags over the files, for the summary line and the report's head. */
export function countFlags(files: readonly ReportFile[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of files) for (const flag of file.flags ?? []) counts[flag] = (counts[flag] ?? 0) + 1;
  return counts;
}

/** What only the private folder's report may show, and where that folder is. */
export interface PrivateReport {
  privateDir: string;
  details: PrivateReportDetails;
}

/** report.json's file list in its order (by output path, else input reference), as JSON lines; read once per use. */
export interface ReportFileLines {
  each(take: (line: string) => void): void;
}

/** A list of report files held in memory, as {@link ReportFileLines} in report order. */
export function reportFileLines(files: readonly ReportFile[]): ReportFileLines {
  const sorted = [...files].sort((a, b) => ((a.output ?? a.input ?? '') < (b.output ?? b.input ?? '') ? -1 : 1));
  return {
    each: (take) => {
      for (const file of sorted) take(JSON.stringify(file));
    },
  };
}

/**
 * Writes report.html into the output and, given `privateReport`, report-private.html into the
 * private folder, then report.json last (atomically each): a report.json means both pages are there.
 * `files` is read twice (the pages, then report.json), never held whole.
 */
export function writeReport(output: string, report: Omit<Report, 'fileOutcomes'>, files: ReportFileLines, privateReport?: PrivateReport): void {
  // Drawn from report.json as read back (`verify` redraws it and compares): its head through JSON,
  // its file lists chosen one file at a time, as readReport reads them. Never the whole as one string.
  const head = JSON.parse(JSON.stringify({ ...report, fileOutcomes: [] })) as Record<string, unknown>;
  const collector = reportListsCollector();
  files.each((line) => collector.add(JSON.parse(line) as ReportFile));
  writeFileAtomic(join(output, 'report.html'), renderReportHtml(head, collector.lists));
  if (privateReport !== undefined) writeFileAtomic(join(privateReport.privateDir, 'report-private.html'), renderPrivateReportHtml(head, privateReport.details, collector.lists));
  writeJsonAtomic(join(output, 'report.json'), { ...report, fileOutcomes: new StreamedArray((take) => files.each((line) => take(JSON.parse(line)))) });
}

/**
 * report.json read back a file at a time: its head (`fileOutcomes` as []) and each file's outcome
 * to `onFile`. Throws when it is missing or is no JSON.
 */
export function readReport(output: string, onFile: (file: unknown) => void = () => {}): Record<string, unknown> {
  return readJsonSplit(join(output, 'report.json'), 'fileOutcomes', onFile);
}

/** report.json's members before its file list (dataset, status, counts…), its file list not read. */
export function readReportHead(output: string): Record<string, unknown> {
  return readJsonSplit(join(output, 'report.json'), 'fileOutcomes', () => {}, true);
}

/** report.json's members, as {@link Report} and its parts name them, and a file line's words. */
const REPORT_WORDS: readonly string[] = [
  'tool', 'version', 'dataset', 'status', 'finishedAt', 'patients', 'ambiguous', 'suggested', 'missingDemographics', 'files', 'options',
  'riskFlags', 'nameReplacements', 'valuesShortened', 'profile', 'fileOutcomes', 'id', 'retain', 'clean', 'privateTags', 'cleaning',
  'departsFromStandard', 'actions', 'output', 'input', 'outcome', 'reason', 'flags', 'anonymized', 'unchanged', 'ignored', 'skipped',
  'quarantined', 'excluded', 'dropped',
];

/** A member named by an attribute keyword (counts by attribute), or by a tag: the dictionary's words. */
function isAttributeName(key: string): boolean {
  return tagForKeyword(key) !== undefined || /^\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\)$/.test(key);
}

/**
 * The words report.json is made of rather than any patient's: its members' names, the options'
 * names and choices, the profile's, the attribute keywords and risk flags its counts are keyed by,
 * its status. A patient called Jobs or Hash meets `"jobs": 2` and `"ids": "hash"`: those are the
 * report's words, which `verify` excuses as it does report.html's fixed wording. Members of other
 * names (not the report's) are no such words.
 */
export function reportVocabulary(output: string): string {
  const head = readReportHead(output) as Record<string, unknown>;
  const words: string[] = [...REPORT_WORDS];
  const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  for (const key of ['status', 'tool'] as const) words.push(...strings(head[key]));
  for (const [name, choice] of Object.entries(record(head.options))) words.push(name, ...strings(choice));
  for (const flag of Object.keys(record(head.riskFlags))) words.push(flag);
  for (const keyword of Object.keys(record(head.nameReplacements))) if (isAttributeName(keyword)) words.push(keyword);
  const profile = record(head.profile);
  for (const key of ['id', 'retain', 'clean', 'privateTags', 'cleaning', 'departsFromStandard'] as const) words.push(...strings(profile[key]));
  for (const [keyword, byAction] of Object.entries(record(profile.actions))) {
    if (isAttributeName(keyword)) words.push(keyword, ...Object.keys(record(byAction)));
  }
  return words.join(' \n ');
}

/** report.html's own wording for report.json (`renderReportWording`): what `verify` excuses in the page. */
export function drawReportWording(output: string): string {
  const collector = reportListsCollector();
  const head = readReport(output, collector.add);
  return renderReportWording(head, collector.lists);
}

/** report.html as `verify` expects it: the drawing of report.json, read a file at a time. */
export function drawReportJson(output: string): string {
  const collector = reportListsCollector();
  const head = readReport(output, collector.add);
  return renderReportHtml(head, collector.lists);
}
