import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layOutFiles } from './output-layout.ts';

const noNames = (segment: string) => segment.replace(/DUPONT|JEAN/gi, 'subj_A');

describe('layOutFiles', () => {
  it('puts each file under its patient id and cleans names from every segment', () => {
    const paths = layOutFiles(
      [
        { ref: 'DUPONT_JEAN/CT_DUPONT/1.dcm', source: 'DUPONT_JEAN', relativePath: 'CT_DUPONT/1.dcm', patientId: 'subj_A' },
        { ref: 'MARTIN.zip!MR/dupont-jean.dcm', source: 'MARTIN.zip', relativePath: 'MR/dupont-jean.dcm', patientId: 'subj_B' },
      ],
      noNames,
    );
    assert.equal(paths.get('DUPONT_JEAN/CT_DUPONT/1.dcm'), 'subj_A/CT_subj_A/1.dcm');
    assert.equal(paths.get('MARTIN.zip!MR/dupont-jean.dcm'), 'subj_B/MR/subj_A-subj_A.dcm');
  });

  it('suffixes a session folder that two sources of one patient share, whatever the order given', () => {
    const files = [
      { ref: 'B/S1/1.dcm', source: 'B', relativePath: 'S1/1.dcm', patientId: 'p' },
      { ref: 'A/S1/1.dcm', source: 'A', relativePath: 'S1/1.dcm', patientId: 'p' },
      { ref: 'A/S1/2.dcm', source: 'A', relativePath: 'S1/2.dcm', patientId: 'p' },
    ];
    const forward = layOutFiles(files, (s) => s);
    const backward = layOutFiles([...files].reverse(), (s) => s);
    assert.deepEqual([...forward.entries()].sort(), [...backward.entries()].sort());
    assert.equal(forward.get('A/S1/1.dcm'), 'p/S1/1.dcm');
    assert.equal(forward.get('A/S1/2.dcm'), 'p/S1/2.dcm');
    assert.equal(forward.get('B/S1/1.dcm'), 'p/S1_2/1.dcm');
  });

  it('suffixes files that clash once names are replaced, ignoring case', () => {
    const paths = layOutFiles(
      [
        { ref: 'S/dupont.dcm', source: 'S', relativePath: 'x/dupont.dcm', patientId: 'p' },
        { ref: 'S/jean.dcm', source: 'S', relativePath: 'x/JEAN.dcm', patientId: 'p' },
      ],
      noNames,
    );
    assert.equal(paths.get('S/dupont.dcm'), 'p/x/subj_A.dcm');
    assert.equal(paths.get('S/jean.dcm'), 'p/x/subj_A_2.dcm');
  });

  it('never lets a renamed segment climb out of the patient folder', () => {
    const paths = layOutFiles([{ ref: 'S/a', source: 'S', relativePath: 'a/b', patientId: 'p' }], (s) => (s === 'a' ? '..' : s));
    assert.equal(paths.get('S/a'), 'p/_/b');
  });

  it('lays new files around earlier outputs: a taken path is suffixed, another input folder\'s session is not joined', () => {
    const files = [
      { ref: 'p02/S1/IM1.dcm', source: 'p02', relativePath: 'S1/IM1.dcm', patientId: 'p' },
      { ref: 'p02/S2/IM1.dcm', source: 'p02', relativePath: 'S2/IM1.dcm', patientId: 'p' },
    ];
    const paths = layOutFiles(files, (s) => s, [{ out: 'p/S1/IM1.dcm', owner: '/in1' }, { out: 'p/S2/IM1.dcm' }]);
    assert.equal(paths.get('p02/S1/IM1.dcm'), 'p/S1_2/IM1.dcm');
    // An earlier output of this very input folder (its input gone since): same session, new name.
    assert.equal(paths.get('p02/S2/IM1.dcm'), 'p/S2/IM1_2.dcm');
  });
});
