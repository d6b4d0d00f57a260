/**
 * What dicomveil writes about its own work (method, option codes, dummy items) is never taken for
 * a patient's name, even for patients whose name is one of its words.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildNameIndex } from '../../src/core/anonymize/name-index.ts';
import { planFileEdits } from '../../src/core/anonymize/plan.ts';
import { verifyParsedFile } from '../../src/core/anonymize/verify.ts';
import { parseDicom } from '../../src/core/dicom/reader.ts';
import { bytesSource } from '../../src/core/dicom/source.ts';
import { joinParts, rewriteDicom } from '../../src/core/dicom/writer.ts';
import { keyedValues } from '../../src/core/ids/keyed-values.ts';
import { basicProfile } from '../../src/core/profiles/basic.ts';
import { ascii, encodeDataset, part10 } from '../codec/dataset-builder.ts';

describe('own texts under the basic profile', () => {
  it('leaves no finding for patients named like the words of the codes and dummies', () => {
    const keyed = keyedValues(randomBytes(32));
    for (const name of ['CHARACTERISTICS^PATIENT', 'CONTENT^FINDING', 'PROFILE^BASIC', 'DEVICE^RETAIN', 'INSTITUTION^IDENTITY']) {
      const bytes = part10(
        '1.2.840.10008.1.2.1',
        encodeDataset(
          [
            { tag: 0x00100010, vr: 'PN', value: ascii(name.length % 2 ? `${name} ` : name) },
            { tag: 0x0040a730, vr: 'SQ', items: [[{ tag: 0x0040a160, vr: 'UT', value: ascii(`seen: ${name.replace('^', ' ')}`) }]] },
          ],
          { explicitVr: true, littleEndian: true },
        ),
      );
      const file = parseDicom(bytesSource(bytes));
      const index = buildNameIndex([{ id: 'subj_OWN00001', spellings: [name], patientIds: [] }]);
      const profile = basicProfile({ version: '1', retain: ['modified-dates', 'patient-characteristics', 'device', 'institution', 'uids'], clean: ['descriptors'] });
      const plan = planFileEdits(file, { index, patientId: 'subj_OWN00001', profile, hashAccession: (v) => v, uid: keyed.uid, dateShiftDays: 3 });
      const output = parseDicom(bytesSource(joinParts(rewriteDicom(file, plan.edits), file.source)));
      assert.deepEqual(verifyParsedFile(output, index), [], name);
      assert.equal(output.get(0x0040a730)?.items.length, 1, 'ContentSequence: one dummy item');
    }
  });
});
