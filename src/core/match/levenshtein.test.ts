import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { boundedLevenshtein, levenshtein } from './levenshtein.ts';

/** The textbook full-table definition, as an independent reference. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

test('known distances', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('dupont', 'dupond'), 1);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('martinjean', 'martinezjeanne'), 4);
});

test('equals the full-table reference, and the bounded form agrees below its limit', () => {
  const text = fc.stringMatching(/^[abcd]{0,12}$/);
  fc.assert(
    fc.property(text, text, fc.nat(6), (a, b, limit) => {
      const exact = reference(a, b);
      assert.equal(levenshtein(a, b), exact);
      assert.equal(boundedLevenshtein(a, b, limit), exact <= limit ? exact : limit + 1);
    }),
    { numRuns: 2000 },
  );
});
