import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binaryUnitSize, isValidDateValue } from './vr.ts';

const bytes = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe('isValidDateValue', () => {
  const cases: [string, boolean][] = [
    ['20240229', true],
    ['20230229', false],
    ['48213977', false],
    ['19991231 ', true],
    ['1999.12.31', true],
    ['20010101-20011231', true],
    ['-20011231', true],
    ['20010101-', true],
    ['-', false],
    ['20010101\\20020202', true],
    ['20010101\\20021302', false],
    ['', true],
    ['2001', false],
  ];
  for (const [value, valid] of cases) it(`${JSON.stringify(value)} is ${valid ? '' : 'not '}a date`, () => assert.equal(isValidDateValue(bytes(value)), valid));
});

describe('binaryUnitSize', () => {
  it('gives the size of one value of binary number VRs, nothing for text and bytes', () => {
    assert.deepEqual(['FD', 'US', 'AT', 'OW', 'OB', 'LO', 'UN'].map(binaryUnitSize), [8, 2, 4, 2, undefined, undefined, undefined]);
  });
});
