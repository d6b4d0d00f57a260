import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpreadsheetError } from '../errors.ts';
import { encodeCsv } from './csv-write.ts';
import { linksCsv, parseLinksCsv } from './links.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('links.csv', () => {
  it('round-trips through our writer, formula-like names included', () => {
    const choices = [
      { dicomName: 'DUPONT^Jean', demographicsName: 'Dupont Jean' },
      { dicomName: '-MARTIN^Paul', demographicsName: undefined },
      { dicomName: 'Lefèvre^Zoé', demographicsName: '=Lefevre; Zoe' },
    ];
    for (const delimiter of [';', ',', '\t'] as const) {
      const parsed = parseLinksCsv(encodeCsv(linksCsv(choices), delimiter), 'links.csv');
      assert.deepEqual(
        parsed.map(({ dicomName, demographicsName }) => ({ dicomName, demographicsName })),
        [...choices].sort((a, b) => (a.dicomName < b.dicomName ? -1 : 1)),
      );
    }
  });

  it('reads a hand-written file: any header case, comma delimiter, no BOM, extra columns, blank lines', () => {
    const parsed = parseLinksCsv(utf8('Demographics Name,DICOM_name,note\n"Dupont, Jean",DUPONT^JEAN,checked\n\n,SMITH^J,no row\n'), 'l.csv');
    assert.deepEqual(parsed, [
      { line: 2, dicomName: 'DUPONT^JEAN', demographicsName: 'Dupont, Jean' },
      { line: 4, dicomName: 'SMITH^J', demographicsName: undefined },
    ]);
  });

  it('splits on the header\'s delimiter even when every name holds another one', () => {
    const parsed = parseLinksCsv(utf8('dicom_name;demographics_name\nA,B^C;"B, C"\nD,E^F;E, F\n'), 'l.csv');
    assert.deepEqual(parsed.map((choice) => choice.demographicsName), ['B, C', 'E, F']);
  });

  it('merges repeated identical choices and refuses contradicting ones, naming both lines', () => {
    assert.equal(parseLinksCsv(utf8('dicom_name;demographics_name\nA^B;A B\nA^B;A B\n'), 'l.csv').length, 1);
    assert.throws(
      () => parseLinksCsv(utf8('dicom_name;demographics_name\nA^B;A B\nC^D;\nA^B;\n'), 'l.csv'),
      (error: unknown) => error instanceof SpreadsheetError && error.code === 'E_LINKS_CONFLICT' && /^l\.csv, line 4: .*line 2/.test(error.message),
    );
  });

  it('refuses a file without the two columns, listing what it found', () => {
    assert.throws(
      () => parseLinksCsv(utf8('name;row\nA;B\n'), 'l.csv'),
      (error: unknown) => error instanceof SpreadsheetError && /^l\.csv, line 1: found columns "name", "row"; expected .*dicom_name/.test(error.message),
    );
  });
});
