import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createHmacSha256, sha256 } from './hmac.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('SHA-256 agrees with node:crypto across block boundaries (0..200 bytes)', () => {
  for (let length = 0; length <= 200; length++) {
    const data = randomBytes(length);
    assert.equal(hex(sha256(data)), createHash('sha256').update(data).digest('hex'), `length ${length}`);
  }
});

test('HMAC-SHA-256 agrees with node:crypto for short, block-sized and long keys and UTF-8 text', () => {
  for (const keyLength of [1, 16, 32, 63, 64, 65, 131]) {
    const key = randomBytes(keyLength);
    const hmac = createHmacSha256(key);
    for (const message of ['', 'dicomveil/value/v1\u0000AccessionNumber\u0000ACC-1', 'Zoë Ångström 患者', 'x'.repeat(300)]) {
      assert.equal(hex(hmac.digest(message)), createHmac('sha256', key).update(message, 'utf8').digest('hex'));
    }
  }
});

test('RFC 4231 test case 2', () => {
  const digest = createHmacSha256(new TextEncoder().encode('Jefe')).digest('what do ya want for nothing?');
  assert.equal(hex(digest), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});
