import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNameIndex } from './name-index.ts';
import { renamePath, scanPath } from './paths.ts';

const index = buildNameIndex([
  { id: 'subj_A', spellings: ['DUPONT^Jean'], patientIds: ['PAT12345'] },
  { id: 'subj_B', spellings: ['LÉVÊQUE^Zoé'], patientIds: [] },
  { id: 'subj_L', spellings: ['LOY^Bridget'], patientIds: [] },
]);

describe('renamePath', () => {
  const cases: [string, string][] = [
    ['DUPONTJEAN_001.dcm', 'subj_A_001.dcm'],
    ['Dupont Jean/IRM 2019/IM0001', 'subj_A/IRM 2019/IM0001'],
    ['jean.dupont-2.dcm', 'subj_A-2.dcm'],
    ['PAT12345/series1/PAT12345_1.dcm', 'subj_A/series1/subj_A_1.dcm'],
    ['scans\\Dupont_Jean\\a.dcm', 'scans/subj_A/a.dcm'],
    ['P1/DUPONT\\JEAN 1.dcm', 'P1/subj_A 1.dcm'],
    ['Lévêque Zoé/x.dcm'.normalize('NFC'), 'subj_B/x.dcm'],
    ['Lévêque Zoé/x.dcm'.normalize('NFD'), 'subj_B/x.dcm'],
    ['CT/1.2.3/IM0001.dcm', 'CT/1.2.3/IM0001.dcm'],
    ['Dupontel/Martinez.dcm', 'Dupontel/Martinez.dcm'],
    ['LOY\\BRIDGET.dcm', 'subj_L.dcm'],
    ['ref Loy – Bridget/x.dcm', 'ref subj_L/x.dcm'],
    ['Loy+Bridget~01/x.dcm', 'subj_L~01/x.dcm'],
    ['Bridget · Loy/x.dcm', 'subj_L/x.dcm'],
    ['Bridget/x.dcm', 'Bridget/x.dcm'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(renamePath(index, input), expected));
  }

  it('finds a name written across a backslash in a file name, where its halves alone are no name', () => {
    const short = buildNameIndex([{ id: 'subj_L', spellings: ['LI^Wei'], patientIds: [] }]);
    assert.equal(renamePath(short, 'P1/LI\\WEI.dcm'), 'P1/subj_L.dcm');
    assert.equal(scanPath(short, 'P1/LI\\WEI.dcm').length, 1);
    assert.equal(renamePath(short, 'P1/LI.dcm'), 'P1/LI.dcm');
  });

  it("searches the patient's own words alone in its own paths only", () => {
    assert.equal(renamePath(index, 'Bridget scans/x.dcm', undefined, { prefer: 'subj_L', own: 'subj_L' }), 'subj_L scans/x.dcm');
    assert.equal(renamePath(index, 'Bridget scans/x.dcm', undefined, { prefer: 'subj_A', own: 'subj_A' }), 'Bridget scans/x.dcm');
  });

  it('replaces a name whatever reading of its bytes spells it, and keeps the rest in the reading it came in', () => {
    // `Lévêque Zoé` in Latin-1, then `Lévêque` in UTF-8, as CP437 reads them (a zip entry without the UTF-8 flag).
    assert.equal(renamePath(index, 'IRM LΘvΩque ZoΘ 2019/x.dcm'), 'IRM subj_B 2019/x.dcm');
    assert.equal(renamePath(index, 'L├⌐v├¬que_1.dcm'), 'subj_B_1.dcm');
    assert.equal(renamePath(index, 'SΘance 1/x.dcm'), 'SΘance 1/x.dcm');
    assert.equal(scanPath(index, 'P1/L├⌐v├¬que_1.dcm').length, 1);
  });

  it('maps ids through idFor', () => {
    assert.equal(renamePath(index, 'DUPONT/a.dcm', (id) => id.toUpperCase()), 'SUBJ_A/a.dcm');
  });
});

describe('scanPath', () => {
  it('reports each segment holding a name, by patient id and segment, without the name', () => {
    const findings = scanPath(index, 'in/DUPONTJEAN/Leveque_1.dcm');
    assert.deepEqual(findings.map((f) => [f.patientId, f.segment]), [['subj_A', 1], ['subj_B', 2]]);
    for (const finding of findings) assert.doesNotMatch(finding.message, /dupont|leveque/i);
  });

  it('finds names in NFD folder names (as macOS writes them)', () => {
    assert.equal(scanPath(index, 'LÉVÊQUE'.normalize('NFD')).length, 1);
  });

  it('finds nothing in a clean path', () => {
    assert.deepEqual(scanPath(index, 'subj_A/CT/IM0001.dcm'), []);
  });
});
