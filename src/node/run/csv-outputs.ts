/**
 * The CSVs of a run: in the private dir mapping.csv, missing_demographics.csv and the matched
 * and unmatched demographics rows; in the output the shareable demographics_anonymized.csv and
 * missing_demographics.csv (ids only). They cover the whole output, earlier runs' patients with
 * the links the registry keeps for them (core/plan/known-links.ts), so a run from another input
 * folder, or without --demographics, adds to them and takes nothing away. Names never reach the
 * output: every kept cell is checked with the same name scanner that cleans the DICOM files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findNames } from '../../core/anonymize/find-names.ts';
import { otherReadings, readingsNamesMayHold } from '../../core/text/name-readings.ts';
import {
  buildShareableDemographics,
  type Delimiter,
  keptRowsDelimiter,
  keptRowsTable,
  mappingCsv,
  matchedDemographicsCsv,
  type MissingPatient,
  missingDemographicsPrivateCsv,
  missingDemographicsShareableCsv,
  unmatchedDemographicsCsv,
} from '../../core/demographics/index.ts';
import { keyedValues } from '../../core/ids/keyed-values.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { isLinked } from '../../core/plan/known-links.ts';
import type { KnownLink, KnownPatientRecord } from '../../core/plan/patients-model.ts';
import { writeCsvFile } from '../spreadsheet/index.ts';
import type { PreparedRun } from './prepare.ts';
import { privatePaths } from '../state/private-dir.ts';
import type { RunHooks } from './types.ts';

function missingReason(link: KnownLink | undefined): MissingPatient['reason'] {
  // No sheet was ever given for this patient.
  if (link === undefined) return 'no_demographics';
  if (link.status === 'ambiguous' || link.status === 'suggested') return link.status;
  if (link.status === 'none') return 'unlinked_by_choice';
  return 'no_match';
}

/** The delimiter of every CSV of the run (files.csv included): the sheet's, or the kept rows'. */
export function csvDelimiter(prepared: Pick<PreparedRun, 'demographics' | 'registry'>): Delimiter {
  return keptRowsDelimiter(prepared.demographics?.table.delimiter, prepared.registry.flatMap((known) => (isLinked(known.link) ? [known.link.row] : [])));
}

/** How many patients of the whole output are ambiguous, suggested, and without a row (those two included). */
export function linkCounts(registry: readonly KnownPatientRecord[]): { ambiguous: number; suggested: number; missing: number } {
  return {
    ambiguous: registry.filter((known) => known.link?.status === 'ambiguous').length,
    suggested: registry.filter((known) => known.link?.status === 'suggested').length,
    missing: registry.filter((known) => !isLinked(known.link)).length,
  };
}

/** Writes every CSV of the run for every patient the private dir knows. */
export async function writeRunCsvs(prepared: PreparedRun, options: AnonymizeOptions, hooks: RunHooks): Promise<void> {
  const priv = privatePaths(prepared.paths.privateDir);
  const table = prepared.demographics?.table;
  const delimiter = csvDelimiter(prepared);
  const registry = prepared.registry;
  const { dateShiftDays } = keyedValues(prepared.key);
  const shifts = options.profile === 'basic' && options.retain.includes('modified-dates');
  await writeCsvFile(
    priv.mapping,
    mappingCsv(
      registry.map((known) => {
        const link = known.link;
        const applied = link?.status === 'linked' || link?.status === 'manual';
        return {
          id: known.id,
          name: known.name,
          otherSpellings: [...known.spellings.filter((s) => s !== known.name), ...known.patientIds],
          ...(applied && link.demographicsName !== undefined ? { demographicsName: link.demographicsName } : {}),
          ...(applied && link.score !== undefined ? { score: link.score } : {}),
          inputFolders: known.sources,
          ...(shifts ? { dateShiftDays: dateShiftDays(known.id) } : {}),
          link: { status: link?.status ?? 'none', ...(link?.evidence ? { evidence: link.evidence } : {}) },
        };
      }),
    ),
    delimiter,
  );
  const linked = registry.flatMap((known) => (isLinked(known.link) ? [{ id: known.id, row: known.link.row }] : []));
  const missing = registry.filter((known) => !isLinked(known.link));
  const missingRows: MissingPatient[] = missing.map((known) => ({
    id: known.id,
    name: known.label ?? known.name,
    reason: missingReason(known.link),
    ...((known.link?.candidates?.length ?? 0) > 0 ? { candidates: known.link!.candidates! } : {}),
  }));
  await writeCsvFile(priv.missing, missingDemographicsPrivateCsv(missingRows), delimiter);
  await writeCsvFile(join(prepared.paths.output, 'missing_demographics.csv'), missingDemographicsShareableCsv(missing.map((known) => known.id)), delimiter);
  // No sheet now nor ever: there are no demographics to write. A copy an earlier run wrote is
  // written again though, without the rows of patients unlinked since.
  const shared = join(prepared.paths.output, 'demographics_anonymized.csv');
  if (table === undefined && linked.length === 0 && !existsSync(shared)) return;

  const kept = keptRowsTable(table, linked);
  await writeCsvFile(priv.matched, matchedDemographicsCsv(kept.sheet, kept.linked), delimiter);
  if (table !== undefined) {
    // A row of this sheet is matched when a patient's link is that very row (made now, or the same row kept).
    const sameRow = new Set(linked.filter(({ row }) => row.columns.join('\u0000') === table.columns.join('\u0000')).map(({ row }) => `${row.line}\u0000${row.cells.join('\u0000')}`));
    const matchedLines = table.rows.filter((row) => sameRow.has(`${row.line}\u0000${row.cells.join('\u0000')}`)).map((row) => row.line);
    await writeCsvFile(priv.unmatched, unmatchedDemographicsCsv(table, matchedLines), delimiter);
  }
  // A sheet read as Windows-1252 that a Japanese or Russian Excel saved in its own code page holds
  // its names in another reading of the same bytes, as a path does.
  const worthReading = readingsNamesMayHold(prepared.index.units);
  const holds = (text: string, own: string | undefined) => findNames(prepared.index, text, own === undefined ? {} : { own }).length > 0;
  const shareable = buildShareableDemographics(kept.sheet, kept.linked, {
    dropColumns: options.dropColumns,
    containsIdentity: (text, own) => holds(text, own) || otherReadings(text, worthReading).some((reading) => holds(reading.text, own)),
  });
  await writeCsvFile(shared, shareable.table, delimiter);
  if (shareable.dropped.length > 0) {
    hooks.onLog?.({ level: 'info', message: `demographics: columns left out of the shared copy: ${shareable.dropped.map((d) => `${d.column} (${d.reason})`).join(', ')}` });
  }
  if (shareable.unknownDropColumns.length > 0) {
    hooks.onLog?.({ level: 'warn', message: `--drop-columns: no such column: ${shareable.unknownDropColumns.join(', ')}` });
  }
  if (shareable.blanked.length > 0) {
    hooks.onLog?.({ level: 'warn', message: `demographics: ${shareable.blanked.length} cell(s) emptied in the shared copy because they held a name or PatientID` });
  }
}
