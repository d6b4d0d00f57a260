/**
 * The CSVs of a run: in the private dir mapping.csv, missing_demographics.csv and the matched
 * and unmatched demographics rows; in the output the shareable demographics_anonymized.csv and
 * missing_demographics.csv (ids only). Names never reach the output: every kept cell is checked
 * with the same name scanner that cleans the DICOM files.
 */
import { join } from 'node:path';
import { findNames } from '../../core/anonymize/find-names.ts';
import type { Delimiter } from '../../core/demographics/csv-parse.ts';
import {
  buildShareableDemographics,
  mappingCsv,
  matchedDemographicsCsv,
  type MissingPatient,
  missingDemographicsPrivateCsv,
  missingDemographicsShareableCsv,
  unmatchedDemographicsCsv,
} from '../../core/demographics/index.ts';
import { keyedValues } from '../../core/ids/keyed-values.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { writeCsvFile } from '../spreadsheet/index.ts';
import type { PreparedRun } from './prepare.ts';
import { privatePaths } from '../state/private-dir.ts';
import type { RunHooks } from './types.ts';

function missingReason(status: string): MissingPatient['reason'] {
  if (status === 'ambiguous' || status === 'suggested') return status;
  if (status === 'none') return 'unlinked_by_choice';
  return 'no_match';
}

/** Writes every CSV of the run; the patients are this run's (the registry keeps the others). */
export async function writeRunCsvs(prepared: PreparedRun, options: AnonymizeOptions, hooks: RunHooks): Promise<void> {
  const priv = privatePaths(prepared.paths.privateDir);
  const table = prepared.demographics?.table;
  const delimiter: Delimiter = table?.delimiter ?? ';';
  const patients = prepared.patients;
  const { dateShiftDays } = keyedValues(prepared.key);
  const shifts = options.profile === 'basic' && options.retain.includes('modified-dates');
  await writeCsvFile(
    priv.mapping,
    mappingCsv(
      prepared.registry.map((known) => {
        const current = patients.find((p) => p.id === known.id);
        return {
          id: known.id,
          name: known.name,
          otherSpellings: [...known.spellings.filter((s) => s !== known.name), ...known.patientIds],
          ...(current?.link.demographicsName === undefined || current.link.status === 'suggested' ? {} : { demographicsName: current.link.demographicsName }),
          ...(current?.link.score === undefined || current.link.status === 'suggested' ? {} : { score: current.link.score }),
          inputFolders: known.sources,
          ...(shifts ? { dateShiftDays: dateShiftDays(known.id) } : {}),
          ...(current === undefined ? {} : { link: { status: current.link.status, ...(current.link.evidence ? { evidence: current.link.evidence } : {}) } }),
        };
      }),
    ),
    delimiter,
  );
  const linked = table === undefined ? [] : patients.filter((p) => (p.link.status === 'linked' || p.link.status === 'manual') && p.demographicsRow !== undefined);
  const missing = patients.filter((p) => !linked.includes(p));
  const missingRows: MissingPatient[] = missing.map((p) => ({
    id: p.id,
    name: p.name,
    reason: table === undefined ? 'no_demographics' : missingReason(p.link.status),
    ...(p.candidates.length > 0 ? { candidates: p.candidates.map((c) => ({ name: c.name, line: c.row })) } : {}),
  }));
  await writeCsvFile(priv.missing, missingDemographicsPrivateCsv(missingRows), delimiter);
  await writeCsvFile(join(prepared.paths.output, 'missing_demographics.csv'), missingDemographicsShareableCsv(missing.map((p) => p.id)), delimiter);
  if (table === undefined) return;

  const rowOf = new Map(table.rows.map((row) => [row.line, row]));
  const linkedRows = linked.flatMap((p) => {
    const row = rowOf.get(p.demographicsRow!);
    return row ? [{ id: p.id, row }] : [];
  });
  await writeCsvFile(priv.matched, matchedDemographicsCsv(table, linkedRows), delimiter);
  await writeCsvFile(priv.unmatched, unmatchedDemographicsCsv(table, linkedRows.map((l) => l.row.line)), delimiter);
  const shareable = buildShareableDemographics(table, linkedRows, {
    dropColumns: options.dropColumns,
    containsIdentity: (text) => findNames(prepared.index, text).length > 0,
  });
  await writeCsvFile(join(prepared.paths.output, 'demographics_anonymized.csv'), shareable.table, delimiter);
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
