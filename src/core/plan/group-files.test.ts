import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupFileIdentities } from './group-files.ts';
import { type FileClass, fileClassesOf, fileClassKey, type ScannedFile } from './scanned-file.ts';

let n = 0;
function classes(files: ScannedFile[]): FileClass[] {
  return fileClassesOf(files);
}

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
    const groups = groupFileIdentities(classes([file('DELACROIX-KENJI', 'DELACROIX^KENJI', 'P1'), file('DELACROIX-KENJI', 'DELACROIX', 'P1')]), 0.2, warnings);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.name, 'DELACROIX^KENJI');
    assert.ok(groups[0]!.spellings.includes('DELACROIX-KENJI'));
    assert.deepEqual(groups[0]!.patientIds, ['P1']);
    assert.deepEqual(warnings, []);
  });

  it('does not join a shortened spelling across a different PatientID, and warns of the split source', () => {
    const warnings: string[] = [];
    const groups = groupFileIdentities(classes([file('S', 'DELACROIX^KENJI', 'P1'), file('S', 'DELACROIX', 'P2')]), 0.2, warnings);
    assert.equal(groups.length, 2);
    assert.match(warnings.join('\n'), /S: 2 patients in one source/);
  });

  it('names a patient without a usable name by its PatientID in the plan, with no mapping name', () => {
    const groups = groupFileIdentities(classes([file('case1', 'Anonymized', 'ABC123')]), 0.2, []);
    assert.equal(groups[0]!.name, '');
    assert.equal(groups[0]!.label, 'PatientID ABC123');
    assert.deepEqual(groups[0]!.spellings, []);
  });

  it('maps every file to exactly one group, whatever the order given', () => {
    const files = [file('A', 'MARTIN^PAUL', 'X1', '19700101'), file('B', 'Paul Martin', 'X1', '19700101'), file('C', 'MARTIN^PAULA', 'X9', '19900101')];
    const forward = groupFileIdentities(classes(files), 0.2, []);
    const backward = groupFileIdentities(classes([...files].reverse()), 0.2, []);
    const shape = (groups: typeof forward) => groups.map((g) => [...g.members].sort().join(',')).sort();
    assert.deepEqual(shape(forward), shape(backward));
    for (const one of files) assert.equal(forward.filter((g) => g.members.includes(fileClassKey(one))).length, 1, one.ref);
  });

  it('counts a class once per file: a thousand files of one identity weigh as a thousand in the name chosen and the source counts', () => {
    const many = Array.from({ length: 1000 }, () => file('S', 'DELACROIX^KENJI', 'P1'));
    const few = [file('S', 'DELACROIX', 'P1'), file('S', 'DELACROIX', 'P1')];
    const groups = groupFileIdentities(classes([...few, ...many]), 0.2, []);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.name, 'DELACROIX^KENJI');
    assert.deepEqual(groups[0]!.sourceCounts, [{ path: 'S', files: 1002 }]);
    assert.equal(groups[0]!.members.length, 2);
  });
});
