import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { equalValues } from './equal-values.ts';

describe('equalValues', () => {
  it('hands back the first of equal values, and each distinct value as it is', () => {
    const one = equalValues<{ name: string }>(10);
    const first = one({ name: 'subj_1' });
    assert.equal(one({ name: 'subj_1' }), first);
    const other = { name: 'subj_2' };
    assert.equal(one(other), other);
  });

  it('remembers no more than its limit', () => {
    const one = equalValues<number[]>(1);
    const kept = one([1]);
    const late = [2];
    assert.equal(one(late), late);
    assert.notEqual(one([2]), late);
    assert.equal(one([1]), kept);
  });
});
