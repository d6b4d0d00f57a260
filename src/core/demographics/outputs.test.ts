import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mappingCsv, matchedDemographicsCsv, missingDemographicsPrivateCsv, missingDemographicsShareableCsv, unmatchedDemographicsCsv } from './outputs.ts';
import { parseDemographicsCsv } from './read-csv.ts';

const table = parseDemographicsCsv(new TextEncoder().encode('name;age\nDupont Jean;40\nMartin Paul;50\nLefèvre Zoé;60\n'), 'd.csv');

describe('CSV outputs', () => {
  it('demographics_matched.csv: id then the original row, in file order', () => {
    const csv = matchedDemographicsCsv(table, [{ id: 'subj_B', row: table.rows[2]! }, { id: 'subj_A', row: table.rows[0]! }]);
    assert.deepEqual(csv, { columns: ['id', 'name', 'age'], rows: [['subj_A', 'Dupont Jean', '40'], ['subj_B', 'Lefèvre Zoé', '60']] });
  });

  it('demographics_unmatched.csv: the rows nobody links to', () => {
    assert.deepEqual(unmatchedDemographicsCsv(table, [2, 4]), { columns: ['name', 'age'], rows: [['Martin Paul', '50']] });
  });

  it('missing_demographics.csv: ids only when shared, names and reasons when private', () => {
    assert.deepEqual(missingDemographicsShareableCsv(['subj_2', 'subj_1']), { columns: ['id'], rows: [['subj_1'], ['subj_2']] });
    assert.deepEqual(
      missingDemographicsPrivateCsv([
        { id: 'subj_2', name: 'SMITH^J', reason: 'ambiguous', candidates: [{ name: 'Smith John', line: 4 }, { name: 'Smith Jane', line: 9 }] },
        { id: 'subj_3', name: 'TALIA', reason: 'suggested', candidates: [{ name: 'talia millar', line: 7 }] },
        { id: 'subj_1', name: 'DOE^X', reason: 'no_match' },
      ]),
      {
        columns: ['id', 'name', 'reason', 'candidates', 'candidate_lines'],
        rows: [['subj_1', 'DOE^X', 'no_match', '', ''], ['subj_2', 'SMITH^J', 'ambiguous', 'Smith John|Smith Jane', '4|9'], ['subj_3', 'TALIA', 'suggested', 'talia millar', '7']],
      },
    );
  });

  it('mapping.csv: the contract\'s columns, lists joined by "|", then the link and its evidence, by id', () => {
    const evidence = { name: 'full', nameDistance: 0.123456, birthDate: 'near', sex: 'same', id: 'unknown' };
    const csv = mappingCsv([
      { id: 'subj_B', name: 'MARTIN^Paul', otherSpellings: [], inputFolders: ['p2.zip'], link: { status: 'missing' } },
      { id: 'subj_A', name: 'DUPONT^Jean', otherSpellings: ['Dupont^J'], demographicsName: 'Dupont Jean', score: 0.123456, inputFolders: ['p1', 'p1b'], link: { status: 'linked', evidence } },
      { id: 'subj_C', name: 'OLD^Run', otherSpellings: [], inputFolders: ['p0'] },
    ]);
    assert.deepEqual(csv.columns, ['id', 'name', 'other_spellings', 'demographics_name', 'score', 'input_folders',
      'link', 'evidence_name', 'evidence_name_distance', 'evidence_birth_date', 'evidence_sex', 'evidence_id']);
    assert.deepEqual(csv.rows, [
      ['subj_A', 'DUPONT^Jean', 'Dupont^J', 'Dupont Jean', 0.1235, 'p1|p1b', 'linked', 'full', 0.1235, 'near', 'same', 'unknown'],
      ['subj_B', 'MARTIN^Paul', '', '', '', 'p2.zip', 'missing', '', '', '', '', ''],
      ['subj_C', 'OLD^Run', '', '', '', 'p0', '', '', '', '', '', ''],
    ]);
  });
});
