import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupFileIdentities } from './group-files.ts';
import type { ScannedFile } from './scanned-file.ts';

let n = 0;
function file(source: string, name: string, patientId: string, birthDate = '19800101'): ScannedFile {
  n += 1;
  return {
    kind: 'dicom',
    identity: { name, patientId, birthDate, sex: 'M', otherNames: [] },
    ref: `${source}/${n}.dcm`,
    source,
    sourceKind: 'folder',
    relativePath: `${n}.dcm`,
    size: 100,
    entryClass: 'candidate',
  };
}

describe('groupFileIdentities', () => {
  it('keeps a shortened spelling with the same PatientID in one source as one patient, and adds the source name as a spelling', () => {
    const warnings: string[] = [];
    const groups = groupFileIdentities([file('DELACROIX-KENJI', 'DELACROIX^KENJI', 'P1'), file('DELACROIX-KENJI', 'DELACROIX', 'P1')], 0.2, warnings);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.name, 'DELACROIX^KENJI');
    assert.ok(groups[0]!.spellings.includes('DELACROIX-KENJI'));
    assert.deepEqual(groups[0]!.patientIds, ['P1']);
    assert.deepEqual(warnings, []);
  });

  it('does not join a shortened spelling across a different PatientID, and warns of the split source', () => {
    const warnings: string[] = [];
    const groups = groupFileIdentities([file('S', 'DELACROIX^KENJI', 'P1'), file('S', 'DELACROIX', 'P2')], 0.2, warnings);
    assert.equal(groups.length, 2);
    assert.match(warnings.join('\n'), /S: 2 patients in one source/);
  });

  it('names a patient without a usable name by its PatientID in the plan, with no mapping name', () => {
    const groups = groupFileIdentities([file('case1', 'Anonymized', 'ABC123')], 0.2, []);
    assert.equal(groups[0]!.name, '');
    assert.equal(groups[0]!.label, 'PatientID ABC123');
    assert.deepEqual(groups[0]!.spellings, []);
  });

  it('maps every file to exactly one group, whatever the order given', () => {
    const files = [file('A', 'MARTIN^PAUL', 'X1', '19700101'), file('B', 'Paul Martin', 'X1', '19700101'), file('C', 'MARTIN^PAULA', 'X9', '19900101')];
    const forward = groupFileIdentities(files, 0.2, []);
    const backward = groupFileIdentities([...files].reverse(), 0.2, []);
    const shape = (groups: typeof forward) => groups.map((g) => [...g.refs].sort().join(',')).sort();
    assert.deepEqual(shape(forward), shape(backward));
    assert.equal(forward.flatMap((g) => g.refs).length, files.length);
  });
});
