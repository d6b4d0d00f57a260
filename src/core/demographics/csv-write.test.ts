import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { SYSTEM_PYTHON } from '../../../test/support/checkers.ts';
import type { Delimiter } from './csv-parse.ts';
import { type CsvTable, encodeCsv, neutralizeFormula, unneutralizeFormula } from './csv-write.ts';

/** Python's csv module reading our bytes: an independent RFC 4180 reader. */
function pythonRows(bytes: Uint8Array, delimiter: Delimiter): { bom: boolean; rows: string[][] } {
  const script = [
    'import csv, io, json, sys',
    'data = sys.stdin.buffer.read()',
    "bom = data.startswith(b'\\xef\\xbb\\xbf')",
    "rows = list(csv.reader(io.StringIO(data.decode('utf-8-sig'), newline=''), delimiter=sys.argv[1], strict=True))",
    "print(json.dumps({'bom': bom, 'rows': rows}))",
  ].join('\n');
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, delimiter], { input: bytes, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

describe('neutralizeFormula', () => {
  const cases: [string, string][] = [
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
    ['+1', "'+1"],
    ['-x', "'-x"],
    ['@a', "'@a"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-1.5', '-1.5'],
    ['-2,75', '-2,75'],
    ['-3e5', '-3e5'],
    ['12', '12'],
    ['Dupont', 'Dupont'],
    ['a=b', 'a=b'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(neutralizeFormula(input), expected);
      assert.equal(unneutralizeFormula(neutralizeFormula(input)), input);
    });
  }
});

describe('encodeCsv', () => {
  const table: CsvTable = {
    columns: ['id', 'comment', 'score'],
    rows: [
      ['subj_A', 'has; semicolon, comma and "quotes"', -1.5],
      ['subj_B', 'two\r\nlines', 12],
      ['subj_C', '=HYPERLINK("http://x")', '-1.5'],
      ['subj_D', '@SUM(A1)', undefined],
      ['subj_E', ' padded ', null],
      ['subj_F', 'Zoé Lefèvre 日本', '+33 1 23'],
    ],
  };
  const expected = [
    ['id', 'comment', 'score'],
    ['subj_A', 'has; semicolon, comma and "quotes"', '-1.5'],
    ['subj_B', 'two\r\nlines', '12'],
    ['subj_C', '\'=HYPERLINK("http://x")', '-1.5'],
    ['subj_D', "'@SUM(A1)", ''],
    ['subj_E', ' padded ', ''],
    ['subj_F', 'Zoé Lefèvre 日本', "'+33 1 23"],
  ];

  for (const delimiter of [';', ',', '\t'] as const) {
    it(`parses back identically with Python's csv module (${JSON.stringify(delimiter)})`, () => {
      const { bom, rows } = pythonRows(encodeCsv(table, delimiter), delimiter);
      assert.equal(bom, true);
      assert.deepEqual(rows, expected);
    });
  }

  it('parses back identically with papaparse', () => {
    const text = new TextDecoder().decode(encodeCsv(table, ';'));
    const parsed = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n', skipEmptyLines: true });
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.data, expected);
  });

  it('ends every line with CRLF and quotes only where needed', () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(encodeCsv({ columns: ['a', 'b'], rows: [['x', 'y;z']] }, ';'));
    assert.equal(text, '\uFEFFa;b\r\nx;"y;z"\r\n');
  });
});
