import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isPlaceholder } from '../text/placeholders.ts';
import { findNames, replaceNames } from './find-names.ts';
import { buildNameIndex } from './name-index.ts';

const letters = 'abcdefghijklmnopqrstuvwxyz';
const accented: Record<string, string[]> = { a: ['à', 'â', 'Á'], e: ['é', 'è', 'Ë'], i: ['î', 'Ï'], o: ['ô', 'Ö'], u: ['ü', 'Ù'], c: ['ç', 'Ç'], n: ['ñ'] };
const word = (min: number) => fc.string({ unit: fc.constantFrom(...letters), minLength: min, maxLength: 10 });
const separator = fc.constantFrom('', ' ', '^', '_', '-', '.', ', ', '  ');
/** Text around a name that cannot glue to it: starts and ends with a non-letter. */
const filler = fc.string({ unit: fc.constantFrom(...' 0123456789:;()[]/\n'.split('')), maxLength: 6 });
/** The same letters as people write them: any case, some accents. */
const spelled = (text: string) =>
  fc.array(fc.tuple(fc.boolean(), fc.nat(3)), { minLength: text.length, maxLength: text.length }).map((choices) =>
    [...text].map((ch, i) => {
      const [upper, accent] = choices[i]!;
      const options = accented[ch];
      const out = options && accent > 0 ? options[accent % options.length]! : ch;
      return upper ? out.toUpperCase() : out;
    }).join(''),
  );

describe('findNames properties', () => {
  it('finds the full name in any order, case, accents and separators, exactly where it is', () => {
    fc.assert(
      fc.property(word(2), word(2), fc.boolean(), separator, filler, filler, (family, given, swap, sep, before, after) => {
        // A placeholder drawn at random ("AA^aa", "NA^no") is nobody's name: never searched.
        fc.pre(!isPlaceholder(`${family}^${given}`));
        const index = buildNameIndex([{ id: 'subj_X', spellings: [`${family.toUpperCase()}^${given}`], patientIds: [] }]);
        const name = swap ? `${given}${sep}${family}` : `${family}${sep}${given}`;
        return fc.assert(
          fc.property(spelled(name), (written) => {
            const text = `${before}${written}${after}`;
            const spans = findNames(index, text);
            assert.equal(spans.length, 1, JSON.stringify(text));
            assert.equal(text.slice(spans[0]!.start, spans[0]!.end), written);
          }),
          { numRuns: 3 },
        ) === undefined;
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no known name after replaceNames, whatever the text', () => {
    fc.assert(
      fc.property(word(4), word(1), fc.array(fc.oneof(word(1), filler, separator), { maxLength: 12 }), (family, given, parts) => {
        const index = buildNameIndex([{ id: 'subj_X', spellings: [`${family}^${given}`], patientIds: ['ID-4242'] }]);
        const text = [...parts, family, ...parts.reverse(), 'ID-4242', given].join(' ');
        assert.deepEqual(findNames(index, replaceNames(text, index)), []);
      }),
      { numRuns: 300 },
    );
  });

  it('does not find a family name glued to other letters', () => {
    // The given name "Zq" cannot be spelled with these letters, so only the family name could match.
    const plain = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnoprstuvwxy'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(plain.filter((w) => w.length >= 4), plain, plain, (family, prefix, suffix) => {
        const index = buildNameIndex([{ id: 'subj_X', spellings: [`${family}^Zq`], patientIds: [] }]);
        assert.deepEqual(findNames(index, `${prefix}${family}${suffix}`), []);
        assert.deepEqual(findNames(index, `${prefix}${family}`), []);
        assert.deepEqual(findNames(index, `${family}${suffix}`), []);
        const start = prefix.length + 1;
        assert.ok(findNames(index, `${prefix} ${family}.${suffix}`).some((span) => span.start === start && span.end === start + family.length));
      }),
      { numRuns: 300 },
    );
  });
});
