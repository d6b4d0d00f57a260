/** files.csv written a row at a time and read back a line at a time: the same bytes and rows as the whole-table writer. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Papa from 'papaparse';
import { encodeCsv } from '../../core/demographics/csv-write.ts';
import { tempDir } from '../../../test/e2e/support.ts';
import { FILES_CSV_COLUMNS, type FileRow, readFilesCsv, writeFilesCsv } from './files-csv.ts';

const ROWS: FileRow[] = [
  { input: '/in/ZOË "Z" MÜLLER/a;b,c.dcm', outcome: 'anonymized', reason: 'trailing junk dropped; 2 bytes', output: '/out/subj_1/a.dcm', reference: 'input-1' },
  { input: '/in/line\nbreak\r\nfile.dcm', outcome: 'skipped', reason: '=HYPERLINK("x")', output: '', reference: 'input-2' },
  { input: '/in/ 山田 /x.zip!inner.dcm ', outcome: 'ignored', reason: '-not DICOM', output: '', reference: 'input-3' },
  { input: '/in/a.dcm', outcome: 'pending', reason: 'not written yet: the run stopped first', output: '', reference: 'input-4' },
];

describe('files.csv', () => {
  const dir = tempDir('files-csv');
  after(() => dir.remove());

  it('is the whole-table CSV byte for byte, reads back to its rows, and parses as its rows with another parser', () => {
    for (const delimiter of [';', ',', '\t'] as const) {
      const path = join(dir.path, `files-${delimiter === '\t' ? 'tab' : delimiter}.csv`);
      writeFilesCsv(path, ROWS, delimiter);
      const sorted = [...ROWS].sort((a, b) => (a.input < b.input ? -1 : 1));
      const table = { columns: FILES_CSV_COLUMNS, rows: sorted.map((row) => [row.input, row.outcome, row.reason, row.output, row.reference]) };
      assert.ok(readFileSync(path).equals(Buffer.from(encodeCsv(table, delimiter))));
      assert.deepEqual(readFilesCsv(path), sorted);
      const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true }).data;
      assert.deepEqual(parsed[0], [...FILES_CSV_COLUMNS]);
      assert.deepEqual(parsed.slice(1).map((cells) => cells[0]), sorted.map((row) => row.input));
    }
  });

  it('keeps the rows of files this run did not meet, and reads nothing from a file that is no files.csv', () => {
    const path = join(dir.path, 'kept.csv');
    writeFilesCsv(path, ROWS, ';');
    const again = { ...ROWS[0]!, outcome: 'unchanged' as const };
    writeFilesCsv(path, [again], ';');
    const rows = readFilesCsv(path);
    assert.equal(rows.length, ROWS.length);
    assert.deepEqual(rows.find((row) => row.reference === 'input-1'), again);
    // The same ref under another input folder: another file, with the same reference.
    const elsewhere = { ...ROWS[0]!, input: '/in2/a.dcm', output: '/out/subj_1/a_2.dcm' };
    writeFilesCsv(path, [elsewhere], ';');
    assert.deepEqual(readFilesCsv(path).filter((row) => row.reference === 'input-1'), [again, elsewhere]);
    writeFileSync(join(dir.path, 'other.csv'), 'a;b\n1;2\n');
    assert.deepEqual(readFilesCsv(join(dir.path, 'other.csv')), []);
    assert.deepEqual(readFilesCsv(join(dir.path, 'missing.csv')), []);
  });
});
