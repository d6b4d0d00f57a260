import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inferDayOrder, normalizeDate, normalizeSex } from './values.ts';

describe('normalizeDate', () => {
  const cases: [string, string | undefined][] = [
    ['1980-03-15', '19800315'],
    ['1980/3/5', '19800305'],
    ['19800315', '19800315'],
    ['15/03/1980', '19800315'],
    ['15.03.1980', '19800315'],
    ['15-03-1980', '19800315'],
    ['1980-03-15T00:00:00Z', '19800315'],
    ['1980-03-15 08:30', '19800315'],
    ['15 mars 1980', '19800315'],
    ['1er févr. 1980', '19800201'],
    ['15 Août 1980', '19800815'],
    ['March 15, 1980', '19800315'],
    ['Sept 3rd 1980', '19800903'],
    ['15-Mar-1980', '19800315'],
    ['15 Smarch 1980', undefined],
    ['29/02/1981', undefined],
    ['29/02/1980', '19800229'],
    ['15/03/80', undefined],
    ['31/04/1980', undefined],
    ['unknown', undefined],
    ['', undefined],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(normalizeDate(input), expected));

  it('reads month-first dates when the column says so', () => {
    assert.equal(normalizeDate('03/15/1980', 'mdy'), '19800315');
    assert.equal(normalizeDate('03/15/1980', 'dmy'), undefined);
  });
});

describe('inferDayOrder', () => {
  it('is month-first only with proof and no contrary proof', () => {
    assert.equal(inferDayOrder(['03/04/1980', '12/25/1990']), 'mdy');
    assert.equal(inferDayOrder(['03/04/1980', '25/12/1990']), 'dmy');
    assert.equal(inferDayOrder(['03/04/1980']), 'dmy');
    assert.equal(inferDayOrder(['12/25/1990', '25/12/1990']), 'dmy');
  });
});

describe('normalizeSex', () => {
  const cases: [string, string | undefined][] = [
    ['M', 'M'], ['male', 'M'], ['Homme', 'M'], ['H', 'M'], ['1', 'M'],
    ['f', 'F'], ['Féminin', 'F'], ['FEMME', 'F'], ['2', 'F'],
    ['Autre', 'O'], ['other', 'O'], ['X', 'O'],
    ['', undefined], ['unknown', undefined], ['constructor', undefined], ['__proto__', undefined], ['0', undefined], ['?', undefined],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(normalizeSex(input), expected));
});
