import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
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
});
