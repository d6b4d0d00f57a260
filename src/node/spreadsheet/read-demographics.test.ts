import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ZipFile } from 'yazl';
import { SpreadsheetError } from '../../core/errors.ts';
import { SYSTEM_PYTHON } from '../../../test/support/checkers.ts';
import { corpusEntries, corpusUnavailable } from '../../../test/support/corpus.ts';
import { readDemographics } from './read-demographics.ts';
import { writeFixtureWorkbook } from './xlsx-fixture.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dicomveil-sheet-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes rows with Python's csv module in `encoding`: the files come from another CSV writer than ours. */
function pythonCsv(name: string, rows: string[][], encoding: string, delimiter: string): string {
  const path = join(dir, name);
  const script = "import csv, json, sys\nwith open(sys.argv[1], 'w', encoding=sys.argv[2], newline='') as f:\n    csv.writer(f, delimiter=sys.argv[3]).writerows(json.load(sys.stdin))";
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, path, encoding, delimiter], { input: JSON.stringify(rows) });
  if (result.status !== 0) throw new Error(String(result.stderr));
  return path;
}

async function rejection(path: string): Promise<SpreadsheetError> {
  try {
    await readDemographics(path);
  } catch (error) {
    assert.ok(error instanceof SpreadsheetError, `expected a SpreadsheetError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${path} was read`);
}

const ROWS = [
  ['prénom', 'nom', 'date_naissance', 'sexe', 'remarque'],
  ['Jérôme', 'Lefèvre', '15/03/1980', 'H', 'IRM "contrôle"; puis\nscanner'],
  ['Zoé', "N'Guyen", '1975-02-01', 'F', ''],
];

describe('readDemographics: CSV written by Python in each encoding Excel uses', () => {
  const cases: [string, string, string, string][] = [
    ['UTF-8', 'utf-8', ',', 'utf-8'],
    ['UTF-8 with BOM', 'utf-8-sig', ';', 'utf-8-bom'],
    ['UTF-16 (Excel "Unicode text")', 'utf-16', '\t', 'utf-16le'],
    ['Windows-1252', 'cp1252', ';', 'windows-1252'],
  ];
  for (const [label, pyEncoding, delimiter, encoding] of cases) {
    it(label, async () => {
      const table = await readDemographics(pythonCsv(`${pyEncoding}.csv`, ROWS, pyEncoding, delimiter));
      assert.equal(table.format, 'csv');
      assert.equal(table.encoding, encoding);
      assert.equal(table.delimiter, delimiter);
      assert.deepEqual(table.nameColumns, ['nom', 'prénom']);
      assert.deepEqual(table.rows.map((row) => [row.line, row.name, row.birthDate, row.sex]), [
        [2, 'Lefèvre Jérôme', '19800315', 'M'],
        [4, "N'Guyen Zoé", '19750201', 'F'],
      ]);
      assert.equal(table.rows[0]!.cells[4], 'IRM "contrôle"; puis\nscanner');
    });
  }
});

describe('readDemographics: .xlsx', () => {
  it('reads the first sheet: header below title rows, dates, numbers as stored, leading zeros as shown', async () => {
    const path = join(dir, 'patients.xlsx');
    await writeFixtureWorkbook(path, [
      {
        name: 'Patients',
        firstRow: 2,
        rows: [
          ['Export du 01/01/2024'],
          [],
          ['Nom', 'Prénom', 'IPP', 'Date de naissance', 'Poids', 'Sexe'],
          ['DUPONT', 'Jean', { zeroPadded: 123, digits: 6 }, { date: 29295 }, 72.5, 'M'],
          [{ inline: 'Lefèvre' }, 'Zoé', '000456', '01/02/1975', 0.1, 'F'],
        ],
      },
      { name: 'Other', rows: [['name'], ['Not Read']] },
    ]);
    const table = await readDemographics(path);
    assert.equal(table.format, 'xlsx');
    assert.equal(table.delimiter, ';');
    assert.equal(table.headerLine, 4);
    assert.deepEqual(table.nameColumns, ['Nom', 'Prénom']);
    assert.deepEqual(table.rows.map((row) => [row.line, row.name, row.cells[2], row.cells[3], row.cells[4], row.birthDate, row.sex]), [
      [5, 'DUPONT Jean', '000123', '1980-03-15', '72.5', '19800315', 'M'],
      [6, 'Lefèvre Zoé', '000456', '01/02/1975', '0.1', '19750201', 'F'],
    ]);
  });

  it('reads a workbook whatever its extension, and refuses a zip that is not one', async () => {
    const renamed = join(dir, 'renamed.csv');
    await writeFixtureWorkbook(renamed, [{ name: 'S', rows: [['name'], ['A B']] }]);
    assert.equal((await readDemographics(renamed)).format, 'xlsx');

    const zipPath = join(dir, 'not-a-workbook.xlsx');
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from('hello'), 'readme.txt');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    writeFileSync(zipPath, Buffer.concat(chunks));
    const error = await rejection(zipPath);
    assert.equal(error.code, 'E_SHEET_FORMAT');
    assert.match(error.message, /not-a-workbook\.xlsx: not a readable \.xlsx workbook/);
  });

  it('refuses an OpenDocument spreadsheet, saying how to convert it', async () => {
    const path = join(dir, 'sheet.ods');
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), 'mimetype', { compress: false });
    zip.addBuffer(Buffer.from('<office:document-content/>'), 'content.xml');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    writeFileSync(path, Buffer.concat(chunks));
    const error = await rejection(path);
    assert.equal(error.code, 'E_SHEET_FORMAT');
    assert.match(error.message, /sheet\.ods: this is an OpenDocument spreadsheet \(\.ods\).*save it as \.xlsx or CSV/);
  });

  it('refuses a workbook that would inflate past the bound, before inflating it', async () => {
    const path = join(dir, 'bomb.xlsx');
    await writeFixtureWorkbook(path, [{ name: 'S', rows: [['name'], ['A B']] }]);
    const bytes = readFileSync(path);
    // Declares 3.75 GiB for the first part in the central directory, as a zip bomb would.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0xf0000000, central + 24);
    writeFileSync(path, bytes);
    const error = await rejection(path);
    assert.equal(error.code, 'E_SHEET_TOO_LARGE');
    assert.match(error.message, /^.*bomb\.xlsx: the workbook inflates past/);
  });

  it('refuses a workbook without a name or patient id column, listing its columns', async () => {
    const path = join(dir, 'noname.xlsx');
    await writeFixtureWorkbook(path, [{ name: 'S', rows: [['code', 'age'], ['P1', 40]] }]);
    const error = await rejection(path);
    assert.equal(error.code, 'E_SHEET_NO_NAME_COLUMN');
    assert.match(error.message, /noname\.xlsx, line 1: no name column: found columns "code", "age"/);
  });
});

describe('readDemographics: files that are not demographics', () => {
  it('a missing file and a folder', async () => {
    assert.match((await rejection(join(dir, 'nope.csv'))).message, /nope\.csv: cannot be read \(no such file\)/);
    mkdirSync(join(dir, 'folder.csv'));
    assert.match((await rejection(join(dir, 'folder.csv'))).message, /folder\.csv: this is a folder/);
  });

  it('a device or a pipe is not read', async () => {
    assert.match((await rejection('/dev/zero')).message, /^\/dev\/zero: this is not a regular file/);
    const fifo = join(dir, 'pipe.csv');
    if (spawnSync('mkfifo', [fifo]).status === 0) assert.match((await rejection(fifo)).message, /pipe\.csv: this is not a regular file/);
  });

  it('an empty file', async () => {
    writeFileSync(join(dir, 'empty.csv'), '');
    assert.equal((await rejection(join(dir, 'empty.csv'))).code, 'E_SHEET_EMPTY');
  });

  it('binary garbage and an .xls workbook', async () => {
    writeFileSync(join(dir, 'garbage.csv'), Uint8Array.from({ length: 2048 }, (_, i) => (i * 131 + 7) % 256));
    assert.match((await rejection(join(dir, 'garbage.csv'))).message, /garbage\.csv: this is a binary file/);
    writeFileSync(join(dir, 'old.xls'), Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]));
    assert.match((await rejection(join(dir, 'old.xls'))).message, /old\.xls: this is an Excel 97-2003 workbook/);
  });

  it('a real DICOM file given as demographics', { skip: corpusUnavailable() }, async () => {
    const entry = corpusEntries().find((candidate) => readFileSync(candidate.absolutePath).subarray(128, 132).toString('latin1') === 'DICM');
    assert.ok(entry, 'the corpus has a file with a DICOM preamble');
    const path = join(dir, 'scan.csv');
    copyFileSync(entry.absolutePath, path);
    const error = await rejection(path);
    assert.equal(error.code, 'E_SHEET_FORMAT');
    assert.match(error.message, /scan\.csv: this is a DICOM file, not a spreadsheet/);
  });
});
