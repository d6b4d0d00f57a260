import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpreadsheetError } from '../errors.ts';
import { parseDemographicsCsv } from './read-csv.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** Windows-1252 bytes of text in its Latin-1 range (every accent used below). */
const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
function utf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(bytes.buffer);
  const units = bom ? `\uFEFF${text}` : text;
  for (let i = 0; i < units.length; i++) view.setUint16(2 * i, units.charCodeAt(i), endian === 'le');
  return bytes;
}

const FRENCH = 'Nom;Prénom;Date de naissance;Sexe;Commentaire\r\nDUPONT;Jérôme;15/03/1980;M;"suivi; OK"\r\nLefèvre;Zoé;01/02/1975;F;\r\n';

function thrown(fn: () => unknown): SpreadsheetError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SpreadsheetError, `expected a SpreadsheetError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

describe('parseDemographicsCsv: encodings', () => {
  const encodings: [string, Uint8Array, string][] = [
    ['UTF-8', utf8(FRENCH), 'utf-8'],
    ['UTF-8 with BOM', utf8(`\uFEFF${FRENCH}`), 'utf-8-bom'],
    ['UTF-16 LE with BOM', utf16(FRENCH, 'le'), 'utf-16le'],
    ['UTF-16 BE with BOM', utf16(FRENCH, 'be'), 'utf-16be'],
    ['UTF-16 LE without BOM', utf16(FRENCH, 'le', false), 'utf-16le'],
    ['Windows-1252', latin1(FRENCH), 'windows-1252'],
  ];
  for (const [label, bytes, encoding] of encodings) {
    it(`${label}: accents, columns and rows read the same`, () => {
      const table = parseDemographicsCsv(bytes, 'people.csv');
      assert.equal(table.encoding, encoding);
      assert.equal(table.delimiter, ';');
      assert.deepEqual(table.columns, ['Nom', 'Prénom', 'Date de naissance', 'Sexe', 'Commentaire']);
      assert.deepEqual(table.nameColumns, ['Nom', 'Prénom']);
      assert.deepEqual(
        table.rows.map((row) => [row.line, row.name, row.family, row.given, row.birthDate, row.sex]),
        [
          [2, 'DUPONT Jérôme', 'DUPONT', 'Jérôme', '19800315', 'M'],
          [3, 'Lefèvre Zoé', 'Lefèvre', 'Zoé', '19750201', 'F'],
        ],
      );
      assert.equal(table.rows[0]!.cells[4], 'suivi; OK');
    });
  }
});

describe('parseDemographicsCsv: Windows-1252 beyond Latin-1', () => {
  it('reads 0x92 as ’ and 0x8A as Š, as Excel on Western Windows writes them', () => {
    const bytes = Uint8Array.from([...latin1('name;dob\r\nO'), 0x92, ...latin1('DAY Sean;1980-03-15\r\n'), 0x8a, ...latin1('IMEK Jan;1975-02-01\r\n')]);
    const table = parseDemographicsCsv(bytes, 'people.csv');
    assert.equal(table.encoding, 'windows-1252');
    assert.deepEqual(table.rows.map((row) => row.name), ['O\u2019DAY Sean', '\u0160IMEK Jan']);
  });
});

describe('parseDemographicsCsv: layout', () => {
  it('reads a comma file with a quoted multiline cell and points each row at its first line', () => {
    const table = parseDemographicsCsv(utf8('name,notes,dob\n"Martin, Paul","line one\nline two",1975-01-02\nJean Dupont,,\n'), 'p.csv');
    assert.equal(table.delimiter, ',');
    assert.deepEqual(table.rows.map((row) => [row.line, row.name, row.cells[1]]), [
      [2, 'Martin, Paul', 'line one\nline two'],
      [4, 'Jean Dupont', ''],
    ]);
  });

  it('reads a tab file, as Excel saves "Unicode text"', () => {
    const table = parseDemographicsCsv(utf16('first_name\tlast_name\tgender\nJean\tDupont\tmale\n', 'le'), 'p.txt');
    assert.equal(table.delimiter, '\t');
    assert.deepEqual(table.rows.map((row) => [row.name, row.sex]), [['Dupont Jean', 'M']]);
  });

  it('gives one-column files the ";" delimiter for outputs', () => {
    const table = parseDemographicsCsv(utf8('Name\nDupont, Jean\n'), 'p.csv');
    assert.equal(table.delimiter, ';');
    assert.equal(table.rows[0]!.name, 'Dupont, Jean');
  });

  it('finds the header under title lines, and reads month-first dates when the column proves it', () => {
    const table = parseDemographicsCsv(utf8('Study XYZ export;;\n;;\nname;dob;sex\nA B;12/25/1990;F\nC D;01/02/1980;M\n'), 'p.csv');
    assert.equal(table.headerLine, 3);
    assert.deepEqual(table.rows.map((row) => row.birthDate), ['19901225', '19800102']);
  });

  it('follows Excel\'s "sep=" line and keeps the file\'s line numbers', () => {
    const table = parseDemographicsCsv(utf8('sep=,\r\nname,note\r\nDupont Jean,a;b;c\r\n'), 'p.csv');
    assert.equal(table.delimiter, ',');
    assert.equal(table.headerLine, 2);
    assert.deepEqual(table.rows.map((row) => [row.line, row.name, row.cells[1]]), [[3, 'Dupont Jean', 'a;b;c']]);
  });

  it('takes a fuller header over a one-cell title that looks like a column name', () => {
    const table = parseDemographicsCsv(utf8('Patient\nnom;prenom;age\nDupont;Jean;40\n'), 'p.csv');
    assert.equal(table.headerLine, 2);
    assert.deepEqual(table.rows.map((row) => row.name), ['Dupont Jean']);
  });

  it('reports duplicate names, telling homonyms apart by birth date', () => {
    const table = parseDemographicsCsv(utf8('name;dob\nDupont Jean;1980-01-01\njean DUPONT;1980-01-01\nMartin Léa;1990-01-01\nMARTIN Lea;1991-01-01\n'), 'p.csv');
    assert.deepEqual(table.duplicates, [
      { name: 'Dupont Jean', lines: [2, 3], distinguishable: false },
      { name: 'Martin Léa', lines: [4, 5], distinguishable: true },
    ]);
    assert.equal(table.rows.length, 4);
  });

  it('ignores the trailing empty columns spreadsheet programs export, keeps an unnamed column that holds data', () => {
    const table = parseDemographicsCsv(utf8('name;age;;;\nA B;40;;x;\nC D;50;;;\n'), 'p.csv');
    assert.deepEqual(table.columns, ['name', 'age', 'column_3', 'column_4']);
    assert.deepEqual(table.rows.map((row) => row.cells), [['A B', '40', '', 'x'], ['C D', '50', '', '']]);
    assert.deepEqual(table.warnings, []);
  });

  it('warns when a quote left open swallows whole rows into one cell', () => {
    const table = parseDemographicsCsv(utf8('name;note;age\nA B;"unclosed;40\nC D;x;50\nE F;y;60\nG H;"ok";70\n'), 'p.csv');
    assert.deepEqual(table.warnings, [{ line: 2, message: 'the quoted cell in "note" holds lines that look like whole rows: check for a missing closing quote (")' }]);
    const fine = parseDemographicsCsv(utf8('name;note;age\nA B;"line one\nline two";40\n'), 'p.csv');
    assert.deepEqual(fine.warnings, []);
  });

  it('takes the family and given columns where the full-name column is empty', () => {
    const table = parseDemographicsCsv(utf8('name;last_name;first_name\nDupont Jean;;\n;Martin;Paul\n'), 'p.csv');
    assert.deepEqual(table.rows.map((row) => [row.name, row.family, row.given]), [
      ['Dupont Jean', undefined, undefined],
      ['Martin Paul', 'Martin', 'Paul'],
    ]);
  });

  it('ignores rows whose name is a placeholder, with a warning', () => {
    const table = parseDemographicsCsv(utf8('name;age\nUnknown;40\nN/A;41\n-;42\nAnonyme;43\nA B;44\n'), 'p.csv');
    assert.deepEqual(table.rows.map((row) => row.name), ['A B']);
    assert.deepEqual(table.warnings.map((warning) => [warning.line, warning.message]), [2, 3, 4, 5].map((line) => [line, 'has a placeholder instead of a name in "name"; the row is ignored']));
  });

  it('warns about rows without a name and rows with more cells than the header', () => {
    const table = parseDemographicsCsv(utf8('name,age\n,40\nDupont, Jean,50\nMartin Paul,30\n'), 'p.csv');
    assert.deepEqual(table.rows.map((row) => row.name), ['Dupont', 'Martin Paul']);
    assert.deepEqual(table.warnings.map((warning) => warning.line), [2, 3]);
  });
});

describe('parseDemographicsCsv: errors name the file, the line and what was expected', () => {
  it('missing name column', () => {
    const error = thrown(() => parseDemographicsCsv(utf8('code;age\nP1;40\n'), 'people.csv'));
    assert.equal(error.code, 'E_SHEET_NO_NAME_COLUMN');
    assert.match(error.message, /^people\.csv, line 1: no name column: found columns "code", "age"; expected a "name" column/);
    assert.match(error.message, /or a patient id column such as "patient_id"/);
    assert.equal(error.location.file, 'people.csv');
  });

  it('a patient id column alone is enough: rows link by PatientID', () => {
    const table = parseDemographicsCsv(utf8('patient_id;age\nP1;40\n;41\nP3;42\n'), 'people.csv');
    assert.deepEqual(table.rows.map((row) => [row.line, row.name, row.id]), [[2, '', 'P1'], [4, '', 'P3']]);
    assert.deepEqual(table.nameColumns, []);
    assert.match(table.warnings[0]!.message, /no patient id in "patient_id"/);
  });

  it('an id column next to the name is read too', () => {
    const table = parseDemographicsCsv(utf8('MRN;Nom;Prénom\n0042;Dupont;Jean\n'), 'people.csv');
    assert.deepEqual(table.rows.map((row) => [row.name, row.id]), [['Dupont Jean', '0042']]);
  });

  it('lists at most twenty columns, each cut at forty characters', () => {
    const header = Array.from({ length: 25 }, (_, i) => (i === 0 ? 'x'.repeat(100) : `c${i}`)).join(';');
    const error = thrown(() => parseDemographicsCsv(utf8(`${header}\n1;2\n`), 'wide.csv'));
    assert.match(error.message, new RegExp(`found columns "${'x'.repeat(40)}…", "c1", .*"c19" and 5 more; expected`));
  });

  it('empty and blank files', () => {
    assert.equal(thrown(() => parseDemographicsCsv(new Uint8Array(0), 'e.csv')).code, 'E_SHEET_EMPTY');
    assert.equal(thrown(() => parseDemographicsCsv(utf8('\uFEFF \r\n\r\n'), 'e.csv')).code, 'E_SHEET_EMPTY');
  });

  it('a header without any patient row', () => {
    const error = thrown(() => parseDemographicsCsv(utf8('name;age\n;40\n'), 'h.csv'));
    assert.equal(error.code, 'E_SHEET_NO_ROWS');
    assert.match(error.message, /^h\.csv, line 1: /);
  });

  it('prose that mentions "names" is not taken for a table (a README given by mistake)', () => {
    const prose = [
      '# A tool',
      '',
      'It links names to rows by fuzzy matching (typos, swapped first/last',
      '  names, missing given names, accents). You get the demographics of the patients present.',
      '- a list item',
      '- another item, with a comma',
      'More text follows here.',
      'And here.',
    ].join('\n');
    const error = thrown(() => parseDemographicsCsv(utf8(prose), 'README.md'));
    assert.equal(error.code, 'E_SHEET_NO_NAME_COLUMN');
    assert.match(error.message, /^README\.md, line 1: no name column/);
  });

  it('an unterminated quote', () => {
    const error = thrown(() => parseDemographicsCsv(utf8('name;age\nA B;1\n"C D;2\n'), 'q.csv'));
    assert.equal(error.code, 'E_SHEET_QUOTE');
    assert.match(error.message, /^q\.csv, line 3: /);
  });

  const wrong: [string, Uint8Array, RegExp][] = [
    ['binary garbage', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256), /binary file/],
    ['a DICOM file', (() => { const bytes = new Uint8Array(300).fill(0x20); bytes.set(utf8('DICM'), 128); return bytes; })(), /DICOM file/],
    ['an .xls workbook', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), /Excel 97-2003/],
    ['a PDF', utf8('%PDF-1.7\n...'), /PDF/],
  ];
  for (const [label, bytes, pattern] of wrong) {
    it(label, () => {
      const error = thrown(() => parseDemographicsCsv(bytes, 'x.csv'));
      assert.equal(error.code, 'E_SHEET_FORMAT');
      assert.match(error.message, /^x\.csv: /);
      assert.match(error.message, pattern);
    });
  }
});
