/**
 * What a user should hear about the demographics file once it is read, as lines for stderr or
 * the GUI. They give line numbers and column headers, never a cell's content: logs get pasted
 * into tickets, and a name must not travel with them.
 */
import type { DemographicsTable } from './table.ts';

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

const DELIMITER_NAMES: Record<string, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' };

function lines(numbers: readonly number[]): string {
  return numbers.length === 2 ? `lines ${numbers[0]} and ${numbers[1]}` : `lines ${numbers.join(', ')}`;
}

/** A summary of a table just read (`info`), and one line per problem found in it (`warnings`). */
export function describeDemographics(table: DemographicsTable): { info: string[]; warnings: string[] } {
  const quote = (index: number | undefined) => (index === undefined ? undefined : `"${table.columns[index]}"`);
  const read = table.format === 'xlsx' ? 'first sheet of the workbook' : `${ENCODINGS[table.encoding ?? ''] ?? 'text'}, ${DELIMITER_NAMES[table.delimiter] ?? 'one column'}-separated`;
  const extras = [
    quote(table.roles.birthDate) && `birth date from ${quote(table.roles.birthDate)}`,
    quote(table.roles.sex) && `sex from ${quote(table.roles.sex)}`,
    table.nameColumns.length > 0 && quote(table.roles.id) && `patient id from ${quote(table.roles.id)}`,
  ].filter((part): part is string => typeof part === 'string');
  const info = [
    `${table.path}: ${table.rows.length} patient row(s) (${read}), header on line ${table.headerLine}, ${table.nameColumns.length > 0 ? `name from ${table.nameColumns.map((column) => `"${column}"`).join(' + ')}` : `linked by id from ${quote(table.roles.id) ?? '""'}`}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`,
  ];
  const warnings = [
    ...table.duplicates.map((duplicate) =>
      duplicate.distinguishable
        ? `${table.path}: ${lines(duplicate.lines)} have the same name; their birth dates or sexes tell them apart`
        : `${table.path}: ${lines(duplicate.lines)} have the same name and nothing tells them apart: a patient matching them is left ambiguous until links.csv says which row is theirs`,
    ),
    ...table.warnings.map((warning) => `${table.path}, line ${warning.line}: ${warning.message}`),
  ];
  return { info, warnings };
}
