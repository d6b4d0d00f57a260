/**
 * `dicomveil verify`: an output folder checked again from scratch against everything the private
 * dir knows (patients.json and mapping.csv), by the second opinion (core/verify), not by the
 * anonymizer's finder: every path, every DICOM file read back and searched in every form, the
 * CSVs and report.json in every reading, any other file as raw bytes. Changes nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KnownPatient } from '../../core/anonymize/name-index.ts';
import { OWN_TEXTS } from '../../core/anonymize/profile.ts';
import { parseCsv, detectDelimiter } from '../../core/demographics/csv-parse.ts';
import { decodeSpreadsheetText } from '../../core/demographics/text-decode.ts';
import { UsageError } from '../../core/errors.ts';
import { foldString } from '../../core/text/fold.ts';
import { otherReadings, readingsNamesMayHold } from '../../core/text/name-readings.ts';
import { buildNeedles, htmlUnescaped, jsonUnescaped, type Needles, readings, searchText, secondOpinion, secondOpinionPath } from '../../core/verify/index.ts';
import { openFileSource } from '../io/file-source.ts';
import { fsPath, listFolder, printablePath, readablePath } from '../sources/fs-names.ts';
import { readByteWindows } from '../io/text-files.ts';
import { readRegistry } from '../state/patient-registry.ts';
import { privatePaths } from '../state/private-dir.ts';
import { drawReportJson, drawReportWording, readReportHead, reportVocabulary } from './report.ts';
import { TEMP_DIR_NAME } from './run-paths.ts';

const TEXT_OUTPUTS = new Set(['report.json', 'demographics_anonymized.csv', 'missing_demographics.csv']);
/** Shareable text is searched in windows this long, each overlapping the last by far more than any name form spans. */
const TEXT_WINDOW = 64 << 20;
const UTF8 = new TextDecoder();
const TEXT_OVERLAP = 64 << 10;

/** Patients from mapping.csv: id, name and other spellings (PatientIDs included), `|`-joined. */
function mappingPatients(path: string): KnownPatient[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return [];
  }
  const { text } = decodeSpreadsheetText(bytes);
  const { records } = parseCsv(text, detectDelimiter(text));
  const header = records[0]?.cells.map((cell) => cell.trim().toLowerCase()) ?? [];
  const at = (name: string) => header.indexOf(name);
  return records.slice(1).flatMap(({ cells }) => {
    const id = cells[at('id')]?.trim();
    if (!id) return [];
    const values = [cells[at('name')] ?? '', ...(cells[at('other_spellings')] ?? '').split('|'), cells[at('demographics_name')] ?? '']
      .map((value) => value.replace(/^'(?=[=+\-@])/, '').trim())
      .filter((value) => value.length > 0);
    return [{ id, spellings: values, patientIds: values }];
  });
}

function knownPatients(privateDir: string): KnownPatient[] {
  const byId = new Map<string, { spellings: Set<string>; patientIds: Set<string> }>();
  const merge = (p: KnownPatient) => {
    const entry = byId.get(p.id) ?? { spellings: new Set(), patientIds: new Set() };
    for (const s of p.spellings) entry.spellings.add(s);
    for (const s of p.patientIds) entry.patientIds.add(s);
    byId.set(p.id, entry);
  };
  const registry = readRegistry(privateDir);
  for (const p of registry) merge({ id: p.id, spellings: p.spellings, patientIds: p.patientIds });
  // mapping.csv adds what a person may have written there by hand, for ids the registry lacks.
  const inRegistry = new Set(registry.map((p) => p.id));
  for (const p of mappingPatients(privatePaths(privateDir).mapping)) if (!inRegistry.has(p.id)) merge(p);
  return [...byId.entries()].map(([id, e]) => ({ id, spellings: [...e.spellings], patientIds: [...e.patientIds] }));
}

/**
 * Every file and folder under `root`, relative and `/`-joined, folders ending in `/`; a name that
 * is not UTF-8 with its bytes escaped (`sources/fs-names.ts`): an output is any folder given, and
 * such a name must be searched in its readings and opened, not read as U+FFFD.
 */
function walk(root: string, relDir = '', out: string[] = []): string[] {
  for (const entry of listFolder(root, relDir.replace(/\/$/, ''))) {
    const rel = `${relDir}${entry.name}`;
    if (entry.isDirectory) {
      out.push(`${rel}/`);
      walk(root, `${rel}/`, out);
    } else out.push(rel);
  }
  return out;
}

/** The patient whose folder `rel` is in (`<id>/…`), when the first segment is a known id. */
function ownerOf(needles: Needles, rel: string): string | undefined {
  const first = rel.split('/')[0] ?? '';
  return needles.patients.some((p) => p.id === first) ? first : undefined;
}

/**
 * report.html is report.json drawn for people: it must be exactly that drawing, and it is searched
 * itself, as the drawing may spell what report.json does not (a key `blancNotes` drawn "Blanc
 * notes"). A name that is a word of the page's own wording (a patient called Noto, beside the style
 * sheet's "Noto Sans") is the page's, not the patient's, and is excused.
 */
function checkReportPage(needles: Needles, path: string, output: string, findings: string[]): void {
  let wording = '';
  try {
    wording = htmlUnescaped(drawReportWording(output));
  } catch {
    wording = '';
  }
  const own = new Set(searchText(needles, wording, undefined).map((hit) => foldString(wording.slice(hit.start, hit.end))));
  // report.json's own words are drawn too (an option `jobs`), split and capitalised as the page shows them.
  for (const word of ownWords(needles, output)) own.add(word);
  searchTextFile(needles, path, 'report.html', findings, (text, hit) => own.has(foldString(textOf(text, hit.start, hit.end))), htmlUnescaped, 'HTML references undone');
  let expected: string | undefined;
  try {
    expected = drawReportJson(output);
  } catch {
    expected = undefined;
  }
  if (expected === undefined || readFileSync(join(output, 'report.html'), 'utf8') !== expected) {
    findings.push('report.html: is not the drawing of report.json, so it may hold what report.json does not; delete it or run again');
  }
}

/** The forms of names found in report.json's own words (its members, options, outcomes): excused there. */
function ownWords(needles: Needles, output: string): Set<string> {
  let vocabulary = '';
  try {
    vocabulary = reportVocabulary(output);
  } catch {
    vocabulary = '';
  }
  return new Set(searchText(needles, vocabulary, undefined).map((hit) => foldString(vocabulary.slice(hit.start, hit.end))));
}

/** The text a hit covers, in a reading as searched (plain ASCII bytes, or a string). */
function textOf(text: string | Uint8Array, start: number, end: number): string {
  return typeof text === 'string' ? text.slice(start, end) : String.fromCharCode(...text.subarray(start, end));
}

type Hit = ReturnType<typeof searchText>[number];

/**
 * Shareable text: every reading of its bytes, as any other value, and the text as its readers show
 * it (`unescaped`: JSON escapes, HTML references undone). A window at a time: report.json of
 * millions of files is longer than one string can be. `excused` hits are the file's own wording.
 */
function searchTextFile(
  needles: Needles,
  path: string,
  rel: string,
  findings: string[],
  excused: (text: string | Uint8Array, hit: Hit) => boolean,
  unescaped: ((text: string) => string) | undefined,
  unescapedReading: string,
): void {
  const reported = new Set<string>();
  const report = (text: string | Uint8Array, reading: string) => {
    for (const hit of searchText(needles, text, undefined)) {
      const patientId = needles.patients[hit.patient]!.id;
      if (reported.has(patientId) || excused(text, hit)) continue;
      reported.add(patientId);
      findings.push(`${rel}: holds a name or PatientID of ${patientId} (${reading})`);
    }
  };
  readByteWindows(path, TEXT_WINDOW, TEXT_OVERLAP, (bytes) => {
    for (const { reading, text } of readings(needles, bytes, ['ISO_IR 192'], 'UT')) report(text, reading);
    if (unescaped !== undefined) report(unescaped(UTF8.decode(bytes)), unescapedReading);
  });
}

/**
 * Each row of the shared demographics is its patient's, as their files are: searched again with
 * that patient as the owner, so a word of their names alone ("Zbigniew arrived late") is found.
 */
function checkOwnRows(needles: Needles, path: string, rel: string, findings: string[]): void {
  const { text } = decodeSpreadsheetText(readFileSync(path));
  const { records } = parseCsv(text, detectDelimiter(text));
  for (const { line, cells } of records.slice(1)) {
    const own = needles.patients.findIndex((p) => p.id === cells[0]?.trim());
    if (own < 0) continue;
    if (cells.slice(1).some((cell) => searchText(needles, cell, own).length > 0)) {
      findings.push(`${rel}: line ${line} holds a name of ${needles.patients[own]!.id}, its own row`);
    }
  }
}

/**
 * The cells of a shareable CSV in the other readings of their bytes: a sheet saved in a code page
 * the run read as Windows-1252 (Shift_JIS from a Japanese Excel) keeps its names there.
 */
function checkOtherReadings(needles: Needles, path: string, rel: string, findings: string[]): void {
  const { text } = decodeSpreadsheetText(readFileSync(path));
  const { records } = parseCsv(text, detectDelimiter(text));
  const worthReading = readingsNamesMayHold(needles.units);
  for (const { line, cells } of records) {
    const found = new Set<string>();
    for (const cell of cells) {
      for (const reading of otherReadings(cell, worthReading)) for (const hit of searchText(needles, reading.text, undefined)) found.add(needles.patients[hit.patient]!.id);
    }
    for (const id of found) findings.push(`${rel}: line ${line} holds a name or PatientID of ${id} (another reading of its bytes)`);
  }
}

function checkFile(needles: Needles, path: string | Buffer, rel: string, findings: string[], output: string): void {
  if (rel === 'report.html') {
    checkReportPage(needles, join(output, rel), output, findings);
    return;
  }
  if (TEXT_OUTPUTS.has(rel)) {
    const own = rel === 'report.json' ? ownWords(needles, output) : new Set<string>();
    // JSON may escape any character: what a JSON reader (and the page drawn from it) shows.
    searchTextFile(needles, join(output, rel), rel, findings, (text, hit) => own.has(foldString(textOf(text, hit.start, hit.end))), rel.endsWith('.json') ? jsonUnescaped : undefined, 'JSON escapes undone');
    if (rel === 'demographics_anonymized.csv') checkOwnRows(needles, join(output, rel), rel, findings);
    if (rel.endsWith('.csv')) checkOtherReadings(needles, join(output, rel), rel, findings);
    return;
  }
  const source = openFileSource(path);
  try {
    const { findings: found, unparsed } = secondOpinion(source, needles, { ownId: ownerOf(needles, rel) });
    if (unparsed) findings.push(`${rel}: cannot be read back as DICOM (${unparsed.message})`);
    for (const finding of found) findings.push(`${rel}: ${finding.message}`);
  } finally {
    source.close();
  }
}

/** Re-checks `outputDir` against `privateDir`; findings are one line each, never holding a name. */
export async function verifyOutput(outputDir: string, privateDir: string): Promise<{ findings: string[] }> {
  const output = resolve(outputDir);
  if (!statSync(output, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError('E_VERIFY_OUTPUT', `not a folder: ${outputDir}`, { file: outputDir });
  const patients = knownPatients(resolve(privateDir));
  if (patients.length === 0) throw new UsageError('E_VERIFY_PRIVATE', `no patients known in ${privateDir} (expected patients.json or mapping.csv from a run)`, { file: privateDir });
  // What dicomveil writes on purpose: its own text, PatientIdentityRemoved, and the ids (added by buildNeedles).
  const needles = buildNeedles(patients, [...OWN_TEXTS, 'YES']);
  const findings: string[] = [];
  for (const entry of walk(output)) {
    const folder = entry.endsWith('/');
    const raw = folder ? entry.slice(0, -1) : entry;
    const rel = printablePath(raw);
    // A run's temp folder is part of the output too (a killed run leaves it): said, and searched.
    if (folder && raw === TEMP_DIR_NAME) findings.push(`${TEMP_DIR_NAME}: a run did not finish; run anonymize again to complete it`);
    for (const finding of secondOpinionPath(needles, readablePath(raw), ownerOf(needles, raw))) findings.push(`${rel}: ${finding.message}`);
    if (!folder) checkFile(needles, fsPath(output, raw), rel, findings, output);
  }
  try {
    const report = readReportHead(output) as { status?: string };
    // `partial` means files were skipped or quarantined: none of them is in the output.
    if (report.status !== 'complete' && report.status !== 'partial') findings.push(`report.json: the run's status is ${report.status ?? 'unknown'}; run anonymize again to finish it`);
  } catch {
    findings.push('report.json: missing or unreadable; the run did not finish');
  }
  return { findings };
}
