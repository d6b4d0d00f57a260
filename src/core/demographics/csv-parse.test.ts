import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectDelimiter, parseCsv } from './csv-parse.ts';

describe('parseCsv', () => {
  it('reads quoted cells holding the delimiter, doubled quotes and newlines, and keeps each record\'s first line', () => {
    const text = 'name;comment;dob\r\n"Dupont; Jean";"said ""hello""\r\non two lines";1980-03-15\r\nMartin Paul;plain;1975-01-02\r\n';
    assert.deepEqual(parseCsv(text, ';').records, [
      { line: 1, cells: ['name', 'comment', 'dob'] },
      { line: 2, cells: ['Dupont; Jean', 'said "hello"\r\non two lines', '1980-03-15'] },
      { line: 4, cells: ['Martin Paul', 'plain', '1975-01-02'] },
    ]);
  });

  it('accepts LF and lone CR line ends, skips blank lines, and keeps a last line without a newline', () => {
    const { records } = parseCsv('a,b\n\n1,2\r3,4', ',');
    assert.deepEqual(records, [
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['1', '2'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('keeps an empty quoted cell as a record and a stray quote inside an unquoted cell as text', () => {
    assert.deepEqual(parseCsv('name\n""\nO"Brien\n', undefined).records.map((record) => record.cells), [['name'], [''], ['O"Brien']]);
  });

  it('drops spaces before an opening quote', () => {
    assert.deepEqual(parseCsv('a, "b, c",d', ',').records[0]!.cells, ['a', 'b, c', 'd']);
  });

  it('reports the line where an unterminated quoted cell opens', () => {
    const result = parseCsv('name;x\nok;1\n"never closed;2\nmore\n', ';');
    assert.equal(result.unterminatedQuoteLine, 3);
  });
});

describe('detectDelimiter', () => {
  const cases: [string, string, string | undefined][] = [
    ['semicolon with commas in names', 'nom;prenom;note\nDupont;Jean;a, b\nMartin;Paul;c\n', ';'],
    ['comma with semicolons inside quotes', 'name,note\n"Dupont, Jean","x;y;z"\nMartin Paul,ok\n', ','],
    ['tab (Excel Unicode text)', 'name\tdob\nDupont Jean\t15/03/1980\n', '\t'],
    ['pipe', 'name|dob\nA B|1980\n', '|'],
    ['one column', 'name\nDupont Jean\nMartin Paul\n', undefined],
    ['a title line above the header', 'Export 2024\nname;dob\nA B;1980\nC D;1981\n', ';'],
  ];
  for (const [label, text, expected] of cases) {
    it(label, () => assert.equal(detectDelimiter(text), expected));
  }
});
