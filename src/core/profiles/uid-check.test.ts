import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ascii, encodeDataset, part10 } from '../../../test/codec/dataset-builder.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { basicProfile } from './basic.ts';
import { researchProfile } from './research.ts';
import { findRemappedUid, remappedUids } from './uid-check.ts';

const LE = { explicitVr: true, littleEndian: true };
const uid = (text: string) => ascii(text.length % 2 ? `${text}\0` : text);

function file(study: string, comment: string) {
  return parseDicom(
    bytesSource(
      part10(
        '1.2.840.10008.1.2.1',
        encodeDataset(
          [
            { tag: 0x00080016, vr: 'UI', value: uid('1.2.840.10008.5.1.4.1.1.7') },
            { tag: 0x00081140, vr: 'SQ', items: [[{ tag: 0x00081155, vr: 'UI', value: uid('1.2.826.0.1.99.7') }]] },
            { tag: 0x0020000d, vr: 'UI', value: uid(study) },
            { tag: 0x00204000, vr: 'LT', value: ascii(comment) },
          ],
          LE,
        ),
      ),
    ),
  );
}

describe('remapped UIDs left behind', () => {
  const input = file('1.2.826.0.1.99.1', 'x');
  const originals = remappedUids(input, basicProfile({ version: '1' }));

  it('are the non-registry UIDs the profile remaps, at any depth and in the meta group', () => {
    assert.deepEqual([...originals].sort(), ['1.2.3.4', '1.2.826.0.1.99.1', '1.2.826.0.1.99.7']);
    assert.equal(remappedUids(input, researchProfile({ version: '1' })).size, 0, 'the research profile remaps none');
    assert.equal(remappedUids(input, basicProfile({ version: '1', retain: ['uids'] })).size, 0);
  });

  it('are found in any element and in the path, as whole UIDs only', () => {
    assert.equal(findRemappedUid(file('2.25.1', 'see 1.2.826.0.1.99.7 for the prior'), 'a/b.dcm', new Set(['1.2.826.0.1.99.1', '1.2.826.0.1.99.7'])), '(0008,1140)[0].(0008,1155) (an original UID)');
    assert.equal(findRemappedUid(file('2.25.1', 'see 1.2.826.0.1.99.70'), 'a/b.dcm', new Set(['1.2.826.0.1.99.1'])), undefined);
    assert.equal(findRemappedUid(file('2.25.1', 'see 1.2.826.0.1.99.1.'), 'a/b.dcm', new Set(['1.2.826.0.1.99.1'])), '(0020,4000) (an original UID)');
    assert.equal(findRemappedUid(file('2.25.1', 'x'), 'p/1.2.826.0.1.99.1.dcm', new Set(['1.2.826.0.1.99.1'])), 'output path (an original UID)');
  });
});
