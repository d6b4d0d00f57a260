import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { plant } from './planted.fixture.ts';
import { documentKind, riskFlags } from './risk.ts';

const skip = corpusUnavailable();
const corpusFile = (path: string) => parseDicom(bytesSource(readFileSync(join(corpusDir, path))));
const testFiles = 'pydicom/src/pydicom/data/test_files';

describe('riskFlags on real files', { skip }, () => {
  const cases: [string, string[]][] = [
    [`${testFiles}/CT_small.dcm`, []],
    [`${testFiles}/examples_ybr_color.dcm`, ['cine']],
    ['pydicom-data/data_store/data/OT-PAL-8-face.dcm', ['secondary-capture']],
    [`${testFiles}/SC_rgb_jpeg_dcmtk.dcm`, ['secondary-capture', 'secondary-image']],
    [`${testFiles}/MR_small_implicit.dcm`, ['secondary-image']],
    [`${testFiles}/rtdose.dcm`, []],
    ['pydicom/src/pydicom/data/charset_files/chrFren.dcm', ['secondary-capture']],
  ];
  for (const [path, expected] of cases) {
    it(`${path.split('/').pop()}: ${expected.join(', ') || 'no flag'}`, () => {
      assert.deepEqual(riskFlags(corpusFile(path)), expected);
    });
  }

  it('sees no encapsulated document in an image', () => {
    assert.equal(documentKind(corpusFile(`${testFiles}/CT_small.dcm`)), undefined);
  });

  /** CT_small.dcm with some attributes set. */
  const ctWith = (planted: [number, string, string][]) =>
    parseDicom(bytesSource(plant(corpusFile(`${testFiles}/CT_small.dcm`), planted.map(([tag, vr, text]) => ({ tag, vr, value: new TextEncoder().encode(text) })))));

  it('flags burned-in annotation and dose screens, not RT dose grids', () => {
    assert.deepEqual(riskFlags(ctWith([[0x00280301, 'CS', 'YES ']])), ['burned-in-annotation']);
    assert.deepEqual(riskFlags(ctWith([[0x0008103e, 'LO', 'Dose Report']])), ['dose-report']);
    assert.deepEqual(riskFlags(ctWith([[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.88.67']])), ['dose-report']);
    assert.deepEqual(riskFlags(ctWith([[0x00080008, 'CS', 'DERIVED\\SECONDARY\\SCREEN SAVE ']])), ['secondary-image']);
  });

  it('tells encapsulated PDF and CDA documents apart', () => {
    assert.equal(documentKind(ctWith([[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.104.1']])), 'pdf');
    assert.equal(documentKind(ctWith([[0x00420012, 'LO', 'text/XML']])), 'cda');
    assert.equal(documentKind(ctWith([[0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.104.3']])), 'other');
  });
});
