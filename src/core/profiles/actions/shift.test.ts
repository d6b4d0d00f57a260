import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ascii, encodeDataset, part10 } from '../../../../test/codec/dataset-builder.ts';
import { buildNameIndex } from '../../anonymize/name-index.ts';
import { planFileEdits } from '../../anonymize/plan.ts';
import { parseDicom } from '../../dicom/reader.ts';
import { bytesSource } from '../../dicom/source.ts';
import { basicProfile } from '../basic.ts';
import { shiftDate, shiftValue } from './shift.ts';

describe('date shifts', () => {
  it('moves whole days back across months, leap days and years', () => {
    assert.equal(shiftDate('20200301', 1), '20200229');
    assert.equal(shiftDate('20210101', 365), '20200102');
    assert.equal(shiftDate('20200315', 0), '20200315');
  });

  it('keeps DT times and offsets, shifts both ends of a DA range, and refuses what is not a date', () => {
    assert.equal(shiftValue('20200315101112.5+0100', 'DT', 15), '20200229101112.5+0100');
    assert.equal(shiftValue('20200315-20200320', 'DA', 1), '20200314-20200319');
    assert.equal(shiftValue('-20200320', 'DA', 1), '-20200319');
    for (const bad of ['20201340', '2020', 'unknown', '20200230']) assert.equal(shiftValue(bad, 'DA', 3), undefined, bad);
    assert.equal(shiftValue('2020', 'DT', 3), undefined, 'a year alone cannot move by days');
  });
});

describe('dates the dictionary does not know', () => {
  it('are shifted in implicit VR files too, where they read as UN', () => {
    const bytes = part10('1.2.840.10008.1.2', encodeDataset([{ tag: 0x00181204, vr: 'DA', value: ascii('20200315') }], { explicitVr: false, littleEndian: true }));
    const file = parseDicom(bytesSource(bytes));
    assert.equal(file.get(0x00181204)?.vr, 'UN', 'DateOfManufacture is newer than the dictionary');
    const profile = basicProfile({ version: '1', retain: ['modified-dates'] });
    const plan = planFileEdits(file, { index: buildNameIndex([]), patientId: 'subj_1', profile, hashAccession: (v) => v, uid: (v) => v, dateShiftDays: 14 });
    const edit = plan.edits.find((e) => e.op === 'set' && e.element.tag === 0x00181204);
    assert.equal(edit?.op === 'set' ? new TextDecoder().decode(edit.value) : undefined, '20200301');
  });
});
