import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findColumnRoles } from './columns.ts';
import { keptRowsDelimiter, keptRowsTable, type SheetRow } from './kept-rows.ts';
import { buildShareableDemographics } from './shareable.ts';

const sheet = (columns: string[]) => ({ columns, roles: findColumnRoles(columns) });
const row = (line: number, columns: string[], cells: string[], delimiter: SheetRow['delimiter'] = ';'): SheetRow => ({ line, columns, cells, delimiter });

describe('rows kept from earlier sheets, written as one table', () => {
  const first = ['nom', 'prenom', 'diagnostic'];
  const updated = ['Nom', 'prenom', 'diagnostic', 'arm'];

  it('uses this sheet as it is when every row has its columns', () => {
    const current = sheet(first);
    const kept = keptRowsTable(current, [{ id: 'subj_B', row: row(3, first, ['Millar', 'Talia', 'control']) }, { id: 'subj_A', row: row(2, first, ['Dupont', 'Jean', 'glioma']) }]);
    assert.equal(kept.sheet, current);
    assert.deepEqual(kept.linked.map(({ id, row }) => [id, row.line, row.cells]), [['subj_A', 2, ['Dupont', 'Jean', 'glioma']], ['subj_B', 3, ['Millar', 'Talia', 'control']]]);
  });

  it('adds the columns only an earlier sheet had, matched by header, and leaves their cells empty elsewhere', () => {
    const kept = keptRowsTable(sheet(first), [
      { id: 'subj_A', row: row(2, first, ['Dupont', 'Jean', 'glioma']) },
      { id: 'subj_C', row: row(9, updated, ['Okafor', 'Chinedu', 'control', 'B']) },
    ]);
    assert.deepEqual(kept.sheet.columns, ['nom', 'prenom', 'diagnostic', 'arm']);
    assert.deepEqual(kept.linked.map(({ row }) => row.cells), [['Dupont', 'Jean', 'glioma', ''], ['Okafor', 'Chinedu', 'control', 'B']]);
    // The name columns of the joined header are still left out of the shared copy.
    const shared = buildShareableDemographics(kept.sheet, kept.linked, { containsIdentity: () => false });
    assert.deepEqual(shared.table, { columns: ['id', 'diagnostic', 'arm'], rows: [['subj_A', 'glioma', ''], ['subj_C', 'control', 'B']] });
  });

  it('takes the first row\'s header (by id) when this run has no sheet', () => {
    const kept = keptRowsTable(undefined, [{ id: 'subj_Z', row: row(4, updated, ['Nowak', 'Piotr', 'glioma', 'A']) }, { id: 'subj_A', row: row(2, first, ['Dupont', 'Jean', 'glioma']) }]);
    assert.deepEqual(kept.sheet.columns, ['nom', 'prenom', 'diagnostic', 'arm']);
    assert.deepEqual(kept.linked.map(({ row }) => row.cells), [['Dupont', 'Jean', 'glioma', ''], ['Nowak', 'Piotr', 'glioma', 'A']]);
  });

  it('writes with this sheet\'s delimiter, else the one every kept row was read with, else ;', () => {
    assert.equal(keptRowsDelimiter('\t', [row(2, first, [], ',')]), '\t');
    assert.equal(keptRowsDelimiter(undefined, [row(2, first, [], ','), row(3, first, [], ',')]), ',');
    assert.equal(keptRowsDelimiter(undefined, [row(2, first, [], ','), row(3, first, [], '\t')]), ';');
    assert.equal(keptRowsDelimiter(undefined, []), ';');
  });
});
