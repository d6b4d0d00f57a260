/** `links.csv` on disk: the user's explicit link choices, read and written. */
import type { Delimiter } from '../../core/demographics/csv-parse.ts';
import { type LinkChoice, linksCsv, parseLinksCsv } from '../../core/demographics/links.ts';
import { readSpreadsheetBytes } from './read-demographics.ts';
import { writeCsvFile } from './write-csv.ts';

/** Reads links.csv; throws SpreadsheetError naming the file and line on any problem. */
export async function readLinksFile(path: string): Promise<LinkChoice[]> {
  return parseLinksCsv(await readSpreadsheetBytes(path), path);
}

/** Writes links.csv (sorted by DICOM name), atomically. */
export async function writeLinksFile(path: string, choices: readonly Pick<LinkChoice, 'dicomName' | 'demographicsName'>[], delimiter: Delimiter = ';'): Promise<void> {
  await writeCsvFile(path, linksCsv(choices), delimiter);
}
