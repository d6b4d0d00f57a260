import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assignIds } from '../ids/index.ts';
import { checkIdPrefix, checkIssuedIds, idChecks } from './id-safety.ts';

const KEY = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
const PATIENTS = [
  { spellings: ['LEON^Marc'], patientIds: ['FR33333333'] },
  { spellings: ['ROCHE^Paul'], patientIds: ['00000002'] },
];
const checks = idChecks(PATIENTS);
const holds = checks.spells;

describe('ids that hold no name or PatientID', () => {
  test('names, given names and PatientIDs are read as the second opinion reads them', () => {
    assert.equal(holds('LEON_'), true);
    assert.equal(holds('paul-'), true);
    assert.equal(holds('subj_00000002'), true);
    assert.equal(holds('subj_000000021'), false);
    assert.equal(holds('LEONX_'), false);
    assert.equal(holds('subj_'), false);
  });

  test('a keyed id that would hold a PatientID moves to its next attempt, the same one every time', async () => {
    const settings = { scheme: 'hash', prefix: 'x_', length: 4 } as const;
    const [plain] = await assignIds(KEY, [{ identity: 'dupont jean' }], settings);
    const avoid = idChecks([{ spellings: [], patientIds: [plain!.slice(2)] }]).spells;
    const [moved] = await assignIds(KEY, [{ identity: 'dupont jean' }], { ...settings, avoid });
    assert.notEqual(moved, plain);
    assert.equal(avoid(moved!), false);
    assert.deepEqual(await assignIds(KEY, [{ identity: 'dupont jean' }], { ...settings, avoid }), [moved]);
  });

  test('order ids skip numbers that are PatientIDs, from the first number on', async () => {
    const ids = await assignIds(KEY, [{ identity: 'a' }, { identity: 'b' }], { scheme: 'order', prefix: 'subj_', length: 8, issued: ['subj_00000001'], avoid: holds });
    assert.deepEqual([...ids].sort(), ['subj_00000003', 'subj_00000004']);
  });

  test('a prefix that spells a patient is refused with the option named, never the patient', () => {
    assert.throws(() => checkIdPrefix('Leon_', checks), (error: Error) => error.message.startsWith('--id-prefix') && !/roche|paul|FR33/i.test(error.message));
    assert.doesNotThrow(() => checkIdPrefix('subj_', checks));
  });

  test('an issued id is refused for a PatientID it holds, which the second opinion finds in it, not for a name', () => {
    assert.throws(() => checkIssuedIds(['subj_00000001', 'subj_00000002'], checks), /subj_00000002/);
    assert.doesNotThrow(() => checkIssuedIds(['subj_00000001', 'subj_LEON2345', 'subj_PAUL7'], checks));
  });
});
