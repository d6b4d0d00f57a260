/** files.csv written a row at a time and read back a line at a time: the same bytes and rows as the whole-table writer. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Papa from 'papaparse';
import { encodeCsv } from '../../core/demographics/csv-write.ts';
import { tempDir } from '../../../test/e2e/support.ts';
import { FILES_CSV_COLUMNS, type FileRow, fileRowsOf, readFilesCsv, writeFilesCsv } from './files-csv.ts';

const ROWS: FileRow[] = [
  { input: '/in/ZOË "Z" MÜLLER/a;b,c.dcm', outcome: 'anonymized', reason: 'trailing junk dropped; 2 bytes', output: '/out/subj_1/a.dcm', reference: 'input-1' },
  { input: '/in/line\nbreak\r\nfile.dcm', outcome: 'skipped', reason: '=HYPERLINK("x")', output: '', reference: 'input-2' },
  { input: '/in/ 山田 /x.zip!inner.dcm ', outcome: 'ignored', reason: '-not DICOM', output: '', reference: 'input-3' },
  { input: '/in/a.dcm', outcome: 'pending', reason: 'not written yet: the run stopped first', output: '', reference: 'input-4' },
];

describe('files.csv', () => {
  const dir = tempDir('files-csv');
  after(() => dir.remove());
  const spill = () => join(dir.path, 'spill');

  it('is the whole-table CSV byte for byte, reads back to its rows, and parses as its rows with another parser', () => {
    for (const delimiter of [';', ',', '\t'] as const) {
      const path = join(dir.path, `files-${delimiter === '\t' ? 'tab' : delimiter}.csv`);
      writeFilesCsv(path, fileRowsOf(ROWS), delimiter, spill());
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
    writeFilesCsv(path, fileRowsOf(ROWS), ';', spill());
    const again = { ...ROWS[0]!, outcome: 'unchanged' as const };
    writeFilesCsv(path, fileRowsOf([again]), ';', spill());
    const rows = readFilesCsv(path);
    assert.equal(rows.length, ROWS.length);
    assert.deepEqual(rows.find((row) => row.reference === 'input-1'), again);
    // The same ref under another input folder: another file, with the same reference.
    const elsewhere = { ...ROWS[0]!, input: '/in2/a.dcm', output: '/out/subj_1/a_2.dcm' };
    writeFilesCsv(path, fileRowsOf([elsewhere]), ';', spill());
    assert.deepEqual(readFilesCsv(path).filter((row) => row.reference === 'input-1'), [again, elsewhere]);
    writeFileSync(join(dir.path, 'other.csv'), 'a;b\n1;2\n');
    assert.deepEqual(readFilesCsv(join(dir.path, 'other.csv')), []);
    assert.deepEqual(readFilesCsv(join(dir.path, 'missing.csv')), []);
  });

  it('sorts thousands of earlier rows in with this run\'s through runs on disk, in input order', () => {
    const path = join(dir.path, 'many.csv');
    const row = (i: number, outcome: FileRow['outcome']): FileRow => ({ input: `/in/p${String(i % 97).padStart(2, '0')}/f${i}.dcm`, outcome, reason: '', output: `/out/${i}.dcm`, reference: `input-${i}` });
    const earlier = Array.from({ length: 60_000 }, (_, i) => row(i * 2, 'anonymized'));
    writeFilesCsv(path, fileRowsOf(earlier), ';', spill());
    // This run: every third earlier file again (unchanged), and new ones between them.
    const now = Array.from({ length: 30_000 }, (_, i) => (i % 2 === 0 ? row(i * 6, 'unchanged') : row(i * 2 + 1, 'anonymized')));
    writeFilesCsv(path, fileRowsOf(now), ';', spill());
    const expected = new Map(earlier.map((r) => [r.input, r]));
    for (const r of now) expected.set(r.input, r);
    const inOrder = [...expected.values()].sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
    assert.deepEqual(readFilesCsv(path), inOrder);
  });
});
