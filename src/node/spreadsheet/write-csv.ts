/**
 * Writes a CSV output atomically: a temporary file beside the target, then a rename, so a
 * reader (or a killed run) never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Delimiter } from '../../core/demographics/csv-parse.ts';
import { type CsvTable, encodeCsv } from '../../core/demographics/csv-write.ts';

/** Writes `table` to `path` as UTF-8 with BOM in `delimiter`, replacing any earlier file. */
export async function writeCsvFile(path: string, table: CsvTable, delimiter: Delimiter): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, encodeCsv(table, delimiter), { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
