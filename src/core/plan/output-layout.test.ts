import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layOutFiles, OutputLayout } from './output-layout.ts';

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

  it('keeps loose files of one patient apart when other sources come between them in ref order', () => {
    // 'A.dcm' < 'B/x.dcm' < 'a.dcm': the loose files clash once case is ignored, with a source between.
    const paths = layOutFiles(
      [
        { ref: 'A.dcm', source: '', relativePath: 'A.dcm', patientId: 'p' },
        { ref: 'B/x.dcm', source: 'B', relativePath: 'x.dcm', patientId: 'p' },
        { ref: 'a.dcm', source: '', relativePath: 'a.dcm', patientId: 'p' },
      ],
      (s) => s,
    );
    assert.equal(paths.get('A.dcm'), 'p/A.dcm');
    assert.equal(paths.get('a.dcm'), 'p/a_2.dcm');
    assert.equal(paths.get('B/x.dcm'), 'p/x.dcm');
  });
  it('never puts a file where a folder is, nor a folder where a file is, once names are replaced', () => {
    const upper = (s: string) => s.replace(/^smith$/i, 'subj_A');
    const paths = layOutFiles(
      [
        // 'SMITH/1.dcm' < 'Smith': the folder comes first, then a file of its path.
        { ref: 'S/x/SMITH/1.dcm', source: 'S', relativePath: 'x/SMITH/1.dcm', patientId: 'p' },
        { ref: 'S/x/Smith', source: 'S', relativePath: 'x/Smith', patientId: 'p' },
        // 'SMITH' < 'Smith/1.dcm': the file comes first, then a folder of its path, whose files all move together.
        { ref: 'S/y/SMITH', source: 'S', relativePath: 'y/SMITH', patientId: 'p' },
        { ref: 'S/y/Smith/1.dcm', source: 'S', relativePath: 'y/Smith/1.dcm', patientId: 'p' },
        { ref: 'S/y/Smith/2.dcm', source: 'S', relativePath: 'y/Smith/2.dcm', patientId: 'p' },
        // At the top of the patient folder, and only by case.
        { ref: 'T/X.DCM', source: 'T', relativePath: 'X.DCM', patientId: 'p' },
        { ref: 'T/x.dcm/a.dcm', source: 'T', relativePath: 'x.dcm/a.dcm', patientId: 'p' },
      ],
      upper,
    );
    assert.equal(paths.get('S/x/SMITH/1.dcm'), 'p/x/subj_A/1.dcm');
    assert.equal(paths.get('S/x/Smith'), 'p/x/subj_A_2');
    assert.equal(paths.get('S/y/SMITH'), 'p/y/subj_A');
    assert.equal(paths.get('S/y/Smith/1.dcm'), 'p/y/subj_A_2/1.dcm');
    assert.equal(paths.get('S/y/Smith/2.dcm'), 'p/y/subj_A_2/2.dcm');
    assert.equal(paths.get('T/X.DCM'), 'p/X.DCM');
    assert.equal(paths.get('T/x.dcm/a.dcm'), 'p/x_2.dcm/a.dcm');
  });

  it('never puts a file where an earlier output has a folder', () => {
    const paths = layOutFiles([{ ref: 'S/x/Smith', source: 'S', relativePath: 'x/Smith', patientId: 'p' }], (s) => s.replace(/^smith$/i, 'subj_A'), [{ out: 'p/x/subj_A/1.dcm' }]);
    assert.equal(paths.get('S/x/Smith'), 'p/x/subj_A_2');
  });
  it('cuts the end of a long name the id made longer than file systems take, keeping its extension', () => {
    const long = `${'x'.repeat(244)}_DUPONT.dcm`;
    const kept = `${'y'.repeat(250)}.dcm`;
    const paths = layOutFiles(
      [
        { ref: 'S/a', source: 'S', relativePath: long, patientId: 'p' },
        { ref: 'S/b', source: 'S', relativePath: kept, patientId: 'p' },
      ],
      (s) => s.replace(/DUPONT/g, 'subj_ABCDEFGHIJKL'),
    );
    const leaf = paths.get('S/a')!.split('/')[1]!;
    assert.ok(Buffer.byteLength(leaf) <= 245, `${Buffer.byteLength(leaf)} bytes`);
    assert.ok(leaf.startsWith('xxxx') && leaf.endsWith('.dcm'), leaf);
    assert.equal(paths.get('S/b'), `p/${kept}`, 'a name that fits and holds no name is kept whole');
  });
  it('keeps apart sessions whose names differ only by Unicode normalization, as macOS reads them alike', () => {
    const paths = layOutFiles(
      [
        { ref: 'A/S\u00e9ance/1.dcm', source: 'A', relativePath: 'S\u00e9ance/1.dcm', patientId: 'p' },
        { ref: 'B/Se\u0301ance/1.dcm', source: 'B', relativePath: 'Se\u0301ance/1.dcm', patientId: 'p' },
        { ref: 'B/x/\u00e9.dcm', source: 'B', relativePath: 'x/\u00e9.dcm', patientId: 'p' },
        { ref: 'B/x/e\u0301.dcm', source: 'B', relativePath: 'x/e\u0301.dcm', patientId: 'p' },
      ],
      (s) => s,
    );
    assert.equal(paths.get('A/S\u00e9ance/1.dcm'), 'p/S\u00e9ance/1.dcm');
    assert.equal(paths.get('B/Se\u0301ance/1.dcm'), 'p/Se\u0301ance_2/1.dcm');
    // 'e' sorts before 'é': the NFD name comes first in ref order.
    assert.equal(paths.get('B/x/e\u0301.dcm'), 'p/x/e\u0301.dcm');
    assert.equal(paths.get('B/x/\u00e9.dcm'), 'p/x/\u00e9_2.dcm');
  });
});

describe('OutputLayout', () => {
  it('refuses files out of ref order, and a source met again after another: either could give one path twice', () => {
    const layout = new OutputLayout((s) => s);
    layout.place({ ref: 'B/1.dcm', source: 'B', relativePath: '1.dcm', patientId: 'p' });
    assert.throws(() => layout.place({ ref: 'A/1.dcm', source: 'A', relativePath: '1.dcm', patientId: 'p' }), /ascending ref order/);
    const other = new OutputLayout((s) => s);
    other.place({ ref: 'A/1.dcm', source: 'A', relativePath: '1.dcm', patientId: 'p' });
    other.place({ ref: 'B/1.dcm', source: 'B', relativePath: '1.dcm', patientId: 'p' });
    assert.throws(() => other.place({ ref: 'C/1.dcm', source: 'A', relativePath: '2.dcm', patientId: 'p' }), /not contiguous/);
  });
});
