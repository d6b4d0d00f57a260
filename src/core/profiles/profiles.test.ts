import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { basicProfile } from './basic.ts';
import { profileTable, renderProfileTable } from './describe.ts';
import { ruleForTag } from './model.ts';
import { BASIC_TABLE, BASIC_TABLE_ROW_COUNT, HANDLED_ELSEWHERE } from './ps3-15-basic.gen.ts';
import { researchProfile } from './research.ts';
import { renameUidSegment } from './uid-paths.ts';
import { isWellKnownUid } from './uid-registry.ts';

const action = (profile: ReturnType<typeof basicProfile>, tag: number) => ruleForTag(profile, tag)?.action;

describe('the generated table', () => {
  it('is up to date with the reference JSON and the UID registry', (t) => {
    const result = spawnSync(process.execPath, [join(import.meta.dirname, '../../../scripts/gen-profile.mjs'), '--check'], { encoding: 'utf8' });
    if (result.status !== 0 && /not found|is needed/.test(result.stderr) && !process.env.CI) return t.skip(result.stderr.trim());
    assert.equal(result.status, 0, result.stderr);
  });

  it('turns every row into a rule or says what handles it', () => {
    assert.equal(BASIC_TABLE.length + HANDLED_ELSEWHERE.length, BASIC_TABLE_ROW_COUNT);
    assert.equal(BASIC_TABLE_ROW_COUNT, 621);
    for (const row of HANDLED_ELSEWHERE) assert.match(row.why, /private/);
  });
});

describe('basicProfile', () => {
  it('applies the table: PatientName and PatientID get the id, UIDs are remapped, dates emptied, repeating groups matched', () => {
    const basic = basicProfile({ version: '1' });
    assert.equal(action(basic, 0x00100010), 'pseudonym');
    assert.equal(action(basic, 0x00100020), 'pseudonym');
    assert.equal(action(basic, 0x0020000d), 'uid');
    assert.equal(action(basic, 0x00080020), 'empty');
    assert.equal(action(basic, 0x60023000), 'remove', 'OverlayData of group 6002');
    assert.equal(action(basic, 0x50100200), 'remove', 'curve data of group 5010');
    assert.equal(basic.removePrivate, true, 'private elements go by default');
    assert.ok(basic.uidRule && !basic.dateRule);
  });

  it('lets an option replace the basic action, and K win where two options disagree', () => {
    const dates = basicProfile({ version: '1', retain: ['modified-dates'] });
    assert.equal(action(dates, 0x00080020), 'shift');
    assert.ok(dates.dateRule);
    // Date of Last Calibration: modified-dates shifts it, device keeps it.
    const both = basicProfile({ version: '1', retain: ['modified-dates', 'device'] });
    assert.equal(action(both, 0x00181200), 'keep');
    assert.equal(action(basicProfile({ version: '1', retain: ['device'] }), 0x00181002), 'keep', 'DeviceUID kept by device');
    const uids = basicProfile({ version: '1', retain: ['uids'] });
    assert.equal(action(uids, 0x0020000d), 'keep');
    assert.equal(uids.uidRule, undefined);
    assert.equal(action(basicProfile({ version: '1', clean: ['descriptors'] }), 0x00081030), 'clean', 'StudyDescription cleaned');
  });

  it('writes the de-identification attributes with one code per option', () => {
    const profile = basicProfile({ version: '9.9.9', retain: ['modified-dates', 'uids'], clean: ['descriptors'] });
    const codes = profile.byTag.get(0x00120064)?.items?.map((item) => new TextDecoder().decode(item.find((e) => e.tag === 0x00080100)!.value));
    assert.deepEqual(codes, ['113100', '113107', '113110', '113105']);
    const method = profile.byTag.get(0x00120063)?.value ?? '';
    assert.equal(method, 'dicomveil 9.9.9: PS3.15 basic profile');
    assert.equal(profile.byTag.get(0x00280303)?.value, 'MODIFIED');
    assert.equal(basicProfile({ version: '1' }).byTag.get(0x00280303)?.value, 'REMOVED');
    assert.equal(basicProfile({ version: '1', retain: ['full-dates'] }).byTag.get(0x00280303)?.value, 'UNMODIFIED');
  });

  it('takes --remove and --private-tags keep like the research profile', () => {
    const profile = basicProfile({ version: '1', remove: ['StudyInstanceUID'], privateTags: 'keep' });
    assert.equal(action(profile, 0x0020000d), 'remove');
    assert.equal(profile.removePrivate, false);
    assert.match(profileTable(profile).find((row) => row.keyword === 'private elements')?.origin ?? '', /departs from the standard/);
  });
});

describe('describe', () => {
  it('renders one line per rule with its origin, repeating groups in the standard notation', () => {
    const text = renderProfileTable(basicProfile({ version: '1', retain: ['device'] }));
    assert.match(text, /^DeviceUID\s+\(0018,1002\)\s+keep\s+--retain device$/m);
    assert.match(text, /^OverlayData\s+\(60xx,3000\)\s+remove\s+basic X$/m);
    assert.match(text, /^every other UID\s+\*\s+uid/m);
    const research = profileTable(researchProfile({ version: '1' }));
    assert.equal(research.find((row) => row.keyword === 'AccessionNumber')?.action, 'hash');
  });

  it('shows times as kept where modified dates move the dates beside them', () => {
    const text = renderProfileTable(basicProfile({ version: '1', retain: ['modified-dates'] }));
    assert.match(text, /^InstanceCreationDate\s+\(0008,0012\)\s+shift\s+--retain modified-dates$/m);
    assert.match(text, /^InstanceCreationTime\s+\(0008,0013\)\s+keep\s+--retain modified-dates \(times are kept\)$/m);
  });
});

describe('UIDs', () => {
  it('never remaps the standard registry, and renames UID path segments only', () => {
    assert.ok(isWellKnownUid('1.2.840.10008.5.1.4.1.1.2'));
    assert.ok(isWellKnownUid('2.16.840.1.113883.6.96'), 'SNOMED CT');
    assert.ok(!isWellKnownUid('1.2.826.0.1.3680043.2.1125.1'));
    const seen: string[] = [];
    const uid = (original: string) => {
      seen.push(original);
      return '2.25.7';
    };
    assert.equal(renameUidSegment('1.2.826.0.1.3680043.2.1125.1.dcm', uid), '2.25.7.dcm');
    assert.equal(renameUidSegment('1.2.826.0.1.3680043.2.1125.1', uid), '2.25.7');
    assert.deepEqual(seen.slice(0, 2), ['1.2.826.0.1.3680043.2.1125.1', '1.2.826.0.1.3680043.2.1125.1'], 'the UID without its extension is remapped');
    assert.equal(renameUidSegment('2.25.75847555377900234662644481913874217306.dcm', uid), '2.25.7.dcm', 'a UUID-derived UID');
    for (const kept of ['2024.01.05', '2024.1.5', 'v1.2', 'scan.dcm', '1.2.3', '1.2.840.10008.1.2.1']) assert.equal(renameUidSegment(kept, uid), kept);
  });
});
