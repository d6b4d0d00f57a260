import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { keyedValue } from './keyed-hash.ts';
import { keyedValues } from './keyed-values.ts';

test('the synchronous AccessionNumber hash equals the WebCrypto keyedValue', async () => {
  const key = randomBytes(32);
  const sync = keyedValues(key);
  for (const value of ['ACC-2024-0042', '1', 'Ünïcode 患者']) assert.equal(sync.hashValue('AccessionNumber', value), await keyedValue(key, 'AccessionNumber', value));
});

test('a keyed UID is 2.25. and the decimal of the first 128 bits of an HMAC of the original', () => {
  const key = randomBytes(32);
  const original = '1.2.840.113619.2.55.3.604688119.969.1268071029.320';
  const expected = `2.25.${BigInt(`0x${createHmac('sha256', key).update(`dicomveil/uid/v1\u0000${original}`).digest('hex').slice(0, 32)}`)}`;
  const uid = keyedValues(key).uid(original);
  assert.equal(uid, expected);
  assert.ok(uid.length <= 64 && /^2\.25\.(0|[1-9]\d*)$/.test(uid), uid);
  assert.equal(keyedValues(key).uid(original), uid, 'the same in a later run with the same key');
  assert.notEqual(keyedValues(randomBytes(32)).uid(original), uid, 'another key gives another UID');
});

test('date shifts are whole days from 1 to 365, per patient', () => {
  const values = keyedValues(randomBytes(32));
  const shifts = Array.from({ length: 400 }, (_, i) => values.dateShiftDays(`subj_${i}`));
  assert.ok(shifts.every((days) => Number.isInteger(days) && days >= 1 && days <= 365));
  assert.ok(new Set(shifts).size > 100, 'patients get different shifts');
  assert.equal(values.dateShiftDays('subj_1'), shifts[1]);
});
