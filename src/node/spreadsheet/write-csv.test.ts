import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { identityPredicate } from '../../core/demographics/identity-text.ts';
import { matchedDemographicsCsv, missingDemographicsShareableCsv } from '../../core/demographics/outputs.ts';
import { buildShareableDemographics } from '../../core/demographics/shareable.ts';
import { SYSTEM_PYTHON } from '../../../test/support/checkers.ts';
import { readLinksFile, writeLinksFile } from './links-file.ts';
import { readDemographics } from './read-demographics.ts';
import { writeCsvFile } from './write-csv.ts';
import { writeFixtureWorkbook } from './xlsx-fixture.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dicomveil-csv-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Python's csv module reading a written file (BOM stripped by utf-8-sig). The delimiter is the
 * one its Sniffer finds in the header, or `fallback` for a one-column file.
 */
function pythonRead(path: string, fallback = ';'): { bom: boolean; delimiter: string; rows: string[][] } {
  const script = [
    'import csv, io, json, sys',
    'data = open(sys.argv[1], "rb").read()',
    'text = data.decode("utf-8-sig")',
    'try:',
    '    delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\\t").delimiter',
    'except csv.Error:',
    '    delimiter = sys.argv[2]',
    'rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))',
    'print(json.dumps({"bom": data.startswith(b"\\xef\\xbb\\xbf"), "delimiter": delimiter, "rows": rows}))',
  ].join('\n');
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, path, fallback], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe('CSV outputs on disk', () => {
  it('demographics_anonymized.csv from a workbook: ";" delimiter, BOM, formulas neutralised, numbers kept, names gone', async () => {
    const sheet = join(dir, 'demo.xlsx');
    await writeFixtureWorkbook(sheet, [
      {
        name: 'S',
        rows: [
          ['last_name', 'first_name', 'MRN', 'phone', 'dob', 'delta', 'note', 'formula'],
          ['Dupont', 'Jean', '000123', '+33 6 00 00 00 00', { date: 29295 }, -1.5, 'Dupont came back', '=1+2'],
          ['Martin', 'Paul', '000124', '', { date: 30000 }, 12, 'ok; fine', '@x'],
        ],
      },
    ]);
    const table = await readDemographics(sheet);
    const shareable = buildShareableDemographics(
      table,
      table.rows.map((row, index) => ({ id: `subj_${index}`, row })),
      { containsIdentity: identityPredicate(table.rows.map((row) => ({ names: [row.name], ids: [row.cells[2]!] }))) },
    );
    const out = join(dir, 'demographics_anonymized.csv');
    await writeCsvFile(out, shareable.table, table.delimiter);
    const read = pythonRead(out);
    assert.equal(read.bom, true);
    assert.equal(read.delimiter, ';');
    assert.deepEqual(read.rows, [
      ['id', 'dob', 'delta', 'note', 'formula'],
      ['subj_0', '1980-03-15', '-1.5', '', "'=1+2"],
      ['subj_1', '1982-02-18', '12', 'ok; fine', "'@x"],
    ]);
    assert.deepEqual(shareable.dropped.map((entry) => entry.column), ['last_name', 'first_name', 'MRN', 'phone']);
    assert.deepEqual(shareable.blanked, [{ id: 'subj_0', line: 2, column: 'note' }]);
    const text = readFileSync(out, 'utf8');
    assert.doesNotMatch(text, /dupont|martin|000123/i);
  });

  it('keeps the demographics file\'s delimiter, and leaves no temporary file behind', async () => {
    const sheet = join(dir, 'tabs.csv');
    await writeCsvFile(sheet, { columns: ['name', 'age'], rows: [['Dupont Jean', '40']] }, '\t');
    const table = await readDemographics(sheet);
    assert.equal(table.delimiter, '\t');
    const out = join(dir, 'demographics_matched.csv');
    await writeCsvFile(out, matchedDemographicsCsv(table, [{ id: 'subj_A', row: table.rows[0]! }]), table.delimiter);
    assert.deepEqual(pythonRead(out), { bom: true, delimiter: '\t', rows: [['id', 'name', 'age'], ['subj_A', 'Dupont Jean', '40']] });
    await writeCsvFile(out, missingDemographicsShareableCsv(['subj_B']), table.delimiter);
    assert.deepEqual(pythonRead(out, '\t'), { bom: true, delimiter: '\t', rows: [['id'], ['subj_B']] });
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  });

  it('links.csv written, read by Python, and read back', async () => {
    const path = join(dir, 'links.csv');
    const choices = [
      { dicomName: 'DUPONT^Jean', demographicsName: 'Dupont, Jean' },
      { dicomName: 'X^Y', demographicsName: undefined },
    ];
    await writeLinksFile(path, choices);
    assert.deepEqual(pythonRead(path).rows, [['dicom_name', 'demographics_name'], ['DUPONT^Jean', 'Dupont, Jean'], ['X^Y', '']]);
    assert.deepEqual((await readLinksFile(path)).map(({ dicomName, demographicsName }) => ({ dicomName, demographicsName })), choices);
  });
});
