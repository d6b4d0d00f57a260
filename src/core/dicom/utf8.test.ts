import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { utf8Run } from './utf8.ts';

describe('utf8Run', () => {
  it('walks any bytes as the platform decoder does: one U+FFFD per ill-formed run, two units per four-byte character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let units = 0;
        // U+FFFD the decoder writes: one per ill-formed run, plus any written in the bytes (EF BF BD).
        let replacements = 0;
        for (let at = 0; at < bytes.length; ) {
          const run = utf8Run(bytes, at);
          units += run === 4 ? 2 : 1;
          if (run < 0 || (run === 3 && bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) replacements += 1;
          at += Math.abs(run);
        }
        const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
        assert.equal(units, text.length);
        assert.equal(replacements, text.match(/\uFFFD/g)?.length ?? 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells well-formed characters by their length and refuses overlong forms and surrogates', () => {
    const at0 = (...bytes: number[]) => utf8Run(Uint8Array.from(bytes), 0);
    assert.equal(at0(0x41), 1);
    assert.equal(at0(0xc3, 0xa9), 2); // é
    assert.equal(at0(0xe2, 0x82, 0xac), 3); // €
    assert.equal(at0(0xf0, 0x9f, 0x98, 0x80), 4); // 😀
    assert.equal(at0(0xc0, 0x80), -1); // overlong NUL
    assert.equal(at0(0xe0, 0x80, 0x80), -1); // overlong
    assert.equal(at0(0xed, 0xa0, 0x80), -1); // a surrogate
    assert.equal(at0(0xe2, 0x82, 0x41), -2); // cut after two bytes
    assert.equal(at0(0xf0, 0x9f, 0x98), -3); // cut by the end
  });
});
