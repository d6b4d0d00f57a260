import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
