/**
 * The shared corpus of real DICOM files (`DICOM_CORPUS`, default `../shared/corpus`).
 * Never copied into the repo. Outside CI a missing corpus skips the tests that need it, with a
 * clear message; in CI (`CI=true`) it is a failure, so a broken checkout cannot pass silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface CorpusEntry {
  /** Path relative to the corpus root, as in MANIFEST.tsv. */
  path: string;
  absolutePath: string;
  transferSyntax: string;
  charset: string;
  patientName: string;
  notes: string;
}

const repoRoot = resolve(import.meta.dirname, '../..');
export const corpusDir = resolve(repoRoot, process.env.DICOM_CORPUS ?? '../shared/corpus');

/** Why corpus tests cannot run, or undefined when they can. Throws in CI. */
export function corpusUnavailable(): string | undefined {
  if (existsSync(join(corpusDir, 'MANIFEST.tsv'))) return undefined;
  const message = `DICOM corpus not found at ${corpusDir} (set DICOM_CORPUS to the folder holding MANIFEST.tsv)`;
  if (process.env.CI) throw new Error(message);
  return message;
}

export function corpusEntries(): CorpusEntry[] {
  if (corpusUnavailable()) return [];
  const lines = readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n').filter((line) => line.length > 0);
  const header = lines[0]!.split('\t');
  const column = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const path = cells[column('path')]!;
    return {
      path,
      absolutePath: join(corpusDir, path),
      transferSyntax: cells[column('transfer_syntax_uid')] ?? '',
      charset: cells[column('charset')] ?? '',
      patientName: cells[column('patient_name')] ?? '',
      notes: cells[column('notes')] ?? '',
    };
  });
}
