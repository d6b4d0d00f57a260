/**
 * Linked rows read by different runs, perhaps from different sheets (an updated file, another
 * site's), as one table for the private and shareable CSVs: the columns of this run's sheet
 * first, then those only earlier sheets had, matched by header (case, accents and spacing
 * ignored); a row has no cell in a column its sheet lacked.
 */
import { findColumnRoles, headerKey } from './columns.ts';
import type { Delimiter } from './csv-parse.ts';
import type { LinkedRow } from './shareable.ts';
import type { DemographicsTable } from './table.ts';

/** A demographics row with the header and delimiter of the sheet it was read from. */
export interface SheetRow {
  line: number;
  columns: string[];
  cells: string[];
  delimiter: Delimiter;
}

/** The table the linked rows are written with, and each row with its cells in that table's columns. */
export interface KeptRows {
  sheet: Pick<DemographicsTable, 'columns' | 'roles'>;
  linked: LinkedRow[];
}

/** This run's sheet's header, or the first linked row's (by id) when this run has no sheet. */
export function keptRowsTable(current: Pick<DemographicsTable, 'columns' | 'roles'> | undefined, rows: readonly { id: string; row: SheetRow }[]): KeptRows {
  const byId = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const columns = [...(current?.columns ?? byId[0]?.row.columns ?? [])];
  const keys = columns.map(headerKey);
  for (const { row } of byId) {
    for (const column of row.columns) {
      if (keys.includes(headerKey(column))) continue;
      columns.push(column);
      keys.push(headerKey(column));
    }
  }
  const same = current !== undefined && columns.length === current.columns.length;
  const sheet = same ? current : { columns, roles: findColumnRoles(columns) };
  const linked = byId.map(({ id, row }) => {
    // The common case, and the only safe one where a sheet repeats a header: same columns, same places.
    if (row.columns.every((column, index) => columns[index] === column)) return { id, row: { line: row.line, cells: columns.map((_, index) => row.cells[index] ?? ''), name: '' } };
    const at = new Map(row.columns.map((column, index) => [headerKey(column), index]));
    const cells = keys.map((key) => {
      const index = at.get(key);
      return index === undefined ? '' : (row.cells[index] ?? '');
    });
    return { id, row: { line: row.line, cells, name: '' } };
  });
  return { sheet, linked };
}

/** The delimiter the CSVs use: this run's sheet's, else the one every kept row was read with, else `;`. */
export function keptRowsDelimiter(current: Delimiter | undefined, rows: readonly SheetRow[]): Delimiter {
  if (current !== undefined) return current;
  const delimiters = new Set(rows.map((row) => row.delimiter));
  return delimiters.size === 1 ? [...delimiters][0]! : ';';
}
