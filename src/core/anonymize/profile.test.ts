import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTag, tagForKeyword, vrForTag } from '../dicom/dictionary.ts';
import { UsageError } from '../errors.ts';
import { deidentificationMethod, describeProfile, researchProfile } from './profile.ts';

describe('researchProfile', () => {
  const profile = researchProfile({ version: '1.2.3' });

  it("names each attribute by the standard's keyword, tag and VR", () => {
    for (const rule of profile.rules) {
      assert.equal(formatTag(tagForKeyword(rule.keyword)!), formatTag(rule.tag), rule.keyword);
      assert.equal(vrForTag(rule.tag), rule.vr, rule.keyword);
    }
  });

  it('replaces the name and ID, removes what identifies, hashes the accession number', () => {
    const action = (keyword: string) => profile.rules.find((rule) => rule.keyword === keyword)?.action;
    assert.equal(action('PatientName'), 'pseudonym');
    assert.equal(action('PatientID'), 'pseudonym');
    for (const keyword of ['PatientAddress', 'PatientTelephoneNumbers', 'PatientBirthTime', 'OtherPatientNames', 'OtherPatientIDs',
      'OtherPatientIDsSequence', 'PatientBirthName', 'PatientMotherBirthName', 'MedicalRecordLocator']) {
      assert.equal(action(keyword), 'remove', keyword);
    }
    assert.equal(action('AccessionNumber'), 'hash');
    for (const kept of ['PatientAge', 'PatientSex', 'PatientSize', 'PatientWeight', 'StudyDate', 'PatientBirthDate', 'StudyInstanceUID']) {
      assert.equal(action(kept), undefined, kept);
    }
  });

  it('says how the file was de-identified', () => {
    const method = profile.rules.find((rule) => rule.keyword === 'DeidentificationMethod');
    assert.equal(method?.value, 'dicomveil 1.2.3: pseudonymised, keyed ids; dates, age, sex kept');
    assert.equal(profile.rules.find((rule) => rule.keyword === 'PatientIdentityRemoved')?.value, 'YES');
  });

  it('keeps DeidentificationMethod within the 64 characters of an LO, whatever the version', () => {
    for (const version of ['0.1.0', '10.20.300-beta.4', '1.0.0-rc.1+build.20261206.abcdef', 'v'.repeat(80)]) {
      const text = deidentificationMethod(version);
      assert.ok(text.length <= 64, `${text.length}: ${text}`);
      assert.ok(text.startsWith('dicomveil '));
    }
    assert.match(deidentificationMethod('10.20.300-beta.4'), /keyed ids; dates, age, sex kept$/);
  });

  it('adds --remove attributes given by keyword or tag, and they win over the profile', () => {
    const extra = researchProfile({ version: '1', remove: ['InstitutionName', '(0008,1040)', 'AccessionNumber'], privateTags: 'remove' });
    assert.equal(extra.byTag.get(0x00080080)?.action, 'remove');
    assert.equal(extra.byTag.get(0x00081040)?.keyword, 'InstitutionalDepartmentName');
    assert.equal(extra.byTag.get(0x00080050)?.action, 'remove');
    assert.equal(extra.rules.filter((rule) => rule.tag === 0x00080050).length, 1);
    assert.equal(extra.removePrivate, true);
  });

  it('refuses an unknown attribute with a usage error', () => {
    assert.throws(() => researchProfile({ version: '1', remove: ['PatientNmae'] }), UsageError);
  });
});

describe('describeProfile', () => {
  it('says in words what each rule does', () => {
    const lines = describeProfile(researchProfile({ version: '1', remove: ['InstitutionName'] }));
    assert.match(lines[0]!, /PatientName \(0010,0010\), PatientID \(0010,0020\)/);
    assert.match(lines.join('\n'), /Also removed \(--remove\): InstitutionName \(0008,0080\)/);
    assert.match(lines.join('\n'), /Private elements: kept/);
    assert.match(lines.join('\n'), /AccessionNumber \(0008,0050\)/);
  });
});
