import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assignIds, canonicalIdentity, digestToText, ID_ALPHABET, idFitsSettings, importKeyedHasher, keyedValue } from './index.ts';

const KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
const OTHER_KEY = new Uint8Array(32).map((_, i) => (i * 53 + 3) & 0xff);
const HASH = { scheme: 'hash', prefix: 'subj_', length: 8 } as const;
const ORDER = { scheme: 'order', prefix: 'P', length: 4 } as const;

test('digestToText reads the digest as one big-endian number, least significant symbol first', () => {
  const asNumber = (digest: Uint8Array, length: number, alphabet: string): string => {
    let value = BigInt(`0x${Buffer.from(digest).toString('hex') || '0'}`);
    let out = '';
    for (let i = 0; i < length; i++, value /= BigInt(alphabet.length)) out += alphabet[Number(value % BigInt(alphabet.length))];
    return out;
  };
  assert.equal(digestToText(new Uint8Array([0, 0, 1, 0]), 4, '0123456789'), '6520');
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.integer({ min: 1, max: 48 }), fc.constantFrom(ID_ALPHABET, '0123456789'), (digest, length, alphabet) => {
      assert.equal(digestToText(digest, length, alphabet), asNumber(digest, length, alphabet));
    }),
  );
});

describe('canonical identity', () => {
  test('sorted folded words, plus the birth date when known', () => {
    assert.equal(canonicalIdentity({ name: 'DUPONT^Jean', birthDate: '19800315' }), 'dupont jean|19800315');
    assert.equal(canonicalIdentity({ name: 'Jean Dupont' }), 'dupont jean');
    assert.equal(canonicalIdentity({ name: 'Anonymized', patientId: ' 12345 ' }), 'pid:12345');
    assert.equal(canonicalIdentity({ name: '', source: 'case7' }), 'source:case7');
  });
});

describe('hash ids', () => {
  test('are the HMAC-SHA-256 of the identity, checked against node:crypto', async () => {
    const [id] = await assignIds(KEY, [{ identity: 'dupont jean' }], HASH);
    const digest = createHmac('sha256', KEY).update('dicomveil/id/v1\u0000dupont jean').digest();
    assert.equal(id, `subj_${digestToText(new Uint8Array(digest), 8)}`);
    assert.match(id!, /^subj_[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    assert.ok(idFitsSettings(id!, HASH));
    assert.ok(!idFitsSettings(id!, { ...HASH, length: 9 }));
  });

  test('word order, case, accents and separators never change the id', async () => {
    const name = fc.array(fc.stringMatching(/^[a-zé]{2,8}$/), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(name, fc.boolean(), async (words, upper) => {
        const a = canonicalIdentity({ name: words.join('^') });
        const b = canonicalIdentity({ name: [...words].reverse().map((w) => (upper ? w.toUpperCase() : w)).join(', ') });
        const [idA] = await assignIds(KEY, [{ identity: a }], HASH);
        const [idB] = await assignIds(KEY, [{ identity: b }], HASH);
        return idA === idB;
      }),
      { numRuns: 50 },
    );
  });

  test('the same key and identity give the same id in every run; another key an unrelated one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 30 }), async (identity) => {
        const [first] = await assignIds(KEY, [{ identity }], HASH);
        const [again] = await assignIds(new Uint8Array(KEY), [{ identity }], HASH);
        const [other] = await assignIds(OTHER_KEY, [{ identity }], HASH);
        // Unrelated: agreeing on 5 of 8 positions by chance happens about once in 500,000 tries.
        const same = [...first!.slice(5)].filter((ch, i) => ch === other!.slice(5)[i]).length;
        return first === again && same <= 4;
      }),
      { numRuns: 50 },
    );
  });

  test('collisions are resolved by identity order, whatever the order of the requests', async () => {
    // One symbol of 31: 25 identities are bound to collide, and every id must still be distinct.
    const requests = Array.from({ length: 25 }, (_, i) => ({ identity: `patient ${i}` }));
    const tiny = { scheme: 'hash', prefix: 'x', length: 1 } as const;
    const forward = await assignIds(KEY, requests, tiny);
    assert.equal(new Set(forward).size, requests.length);
    const reversed = await assignIds(KEY, [...requests].reverse(), tiny);
    assert.deepEqual(reversed, [...forward].reverse());
  });

  test('never reuses an id issued before, and skips ids the caller must avoid', async () => {
    const [plain] = await assignIds(KEY, [{ identity: 'dupont jean' }], HASH);
    const [moved] = await assignIds(KEY, [{ identity: 'dupont jean' }], { ...HASH, issued: [plain!] });
    assert.notEqual(moved, plain);
    const [avoided] = await assignIds(KEY, [{ identity: 'dupont jean' }], { ...HASH, avoid: (id) => id === plain });
    assert.equal(avoided, moved);
  });

  test('homonyms with one identity get distinct ids ordered by their tiebreak', async () => {
    const a = { identity: 'dupont jean', tiebreak: 'pid:1' };
    const b = { identity: 'dupont jean', tiebreak: 'pid:2' };
    const [idA, idB] = await assignIds(KEY, [a, b], HASH);
    const [idB2, idA2] = await assignIds(KEY, [b, a], HASH);
    assert.notEqual(idA, idB);
    assert.equal(idA, idA2);
    assert.equal(idB, idB2);
    assert.equal(idA, (await assignIds(KEY, [{ identity: 'dupont jean' }], HASH))[0], 'the first keeps the plain derivation');
  });
});

describe('order ids', () => {
  test('the first run numbers in keyed-hash order, zero-padded', async () => {
    const requests = ['a', 'b', 'c', 'd'].map((identity) => ({ identity }));
    const ids = await assignIds(KEY, requests, ORDER);
    assert.deepEqual([...ids].sort(), ['P0001', 'P0002', 'P0003', 'P0004']);
    assert.deepEqual(await assignIds(KEY, [...requests].reverse(), ORDER), [...ids].reverse());
    const otherKey = await assignIds(OTHER_KEY, requests, ORDER);
    assert.deepEqual([...otherKey].sort(), [...ids].sort());
  });

  test('later runs continue from the highest number and never renumber', async () => {
    const ids = await assignIds(KEY, [{ identity: 'e' }, { identity: 'f' }], { ...ORDER, issued: ['P0001', 'P0007', 'P0003'] });
    assert.deepEqual([...ids].sort(), ['P0008', 'P0009']);
  });

  test('running out of digits is a usage error', async () => {
    await assert.rejects(assignIds(KEY, [{ identity: 'z' }], { ...ORDER, length: 1, issued: ['P9'] }), { code: 'E_IDS_EXHAUSTED' });
  });
});

describe('keyed values', () => {
  test('fit SH, are stable, and are domain-separated from ids', async () => {
    const hasher = await importKeyedHasher(KEY);
    const value = await keyedValue(hasher, 'AccessionNumber', 'ACC-2024-0042');
    assert.match(value, new RegExp(`^[${ID_ALPHABET}]{16}$`));
    assert.equal(await keyedValue(KEY, 'AccessionNumber', 'ACC-2024-0042'), value);
    assert.notEqual(await keyedValue(KEY, 'StudyID', 'ACC-2024-0042'), value);
    assert.notEqual(await keyedValue(OTHER_KEY, 'AccessionNumber', 'ACC-2024-0042'), value);
    const [id] = await assignIds(KEY, [{ identity: 'ACC-2024-0042' }], { scheme: 'hash', prefix: '', length: 16 });
    assert.notEqual(id, value);
  });
  test('a short key is refused', async () => {
    await assert.rejects(importKeyedHasher(new Uint8Array(8)), { code: 'E_KEY_TOO_SHORT' });
  });
});
