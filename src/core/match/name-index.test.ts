import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { EPSILON, editBudget, matchDistance } from './measures.ts';
import { levenshtein } from './levenshtein.ts';
import { NameIndex } from './name-index.ts';
import { prepareName } from './name.ts';
import { SimilarStrings } from './similar-strings.ts';

const thresholds = fc.constantFrom(0, 0.1, 0.2, 0.25, 0.34, 0.5, 0.75);

describe('similar strings', () => {
  test('finds exactly what a scan of every string finds', () => {
    const text = fc.stringMatching(/^[abcé]{0,14}$/);
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.array(text, { minLength: 1, maxLength: 5 }), thresholds, (stored, queries, t) => {
        const index = new SimilarStrings(t);
        for (const s of stored) index.add(s);
        for (const q of queries) {
          const found: number[] = [];
          index.search(q, (id) => found.push(id));
          const expected = stored.flatMap((s, id) => (levenshtein(q, s) <= editBudget(Math.max(q.length, s.length), t) ? [id] : []));
          assert.deepEqual(found.sort((a, b) => a - b), expected);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('name index', () => {
  const syllable = fc.constantFrom('ma', 'ri', 'du', 'pon', 'jean', 'an', 'ne', 'j', 'd', 'van', 'de', 'ü', '山', '田', 'mar', 'tin');
  const word = fc.array(syllable, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
  // Placeholders such as "jjj" (one repeated character) are no names: never stored nor queried.
  const name = fc
    .array(word, { minLength: 1, maxLength: 4 })
    .map((words) => words.join(' '))
    .filter((text) => prepareName(text) !== undefined);
  test('never misses an entry that matches (candidates ⊇ exhaustive matches)', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 40 }), fc.array(name, { minLength: 1, maxLength: 5 }), thresholds, (stored, queries, t) => {
        const index = new NameIndex(t);
        const prepared = stored.map((text) => [prepareName(text)!]);
        for (const names of prepared) index.add(names);
        for (const q of queries) {
          const query = [prepareName(q)!];
          const candidates = new Set(index.candidates(query));
          prepared.forEach((names, entry) => {
            if (matchDistance(query, names, t) <= t + EPSILON) assert.ok(candidates.has(entry), `${q} ~ ${stored[entry]} at ${t}`);
          });
        }
      }),
      { numRuns: 400 },
    );
  });
});
