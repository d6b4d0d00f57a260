/**
 * `links.csv`: the user's explicit link choices (CLI `--links`, written by the GUI), one line per
 * DICOM name: `dicom_name`, `demographics_name` (empty = this patient has no demographics row).
 * Read as tolerantly as the demographics file (encoding, BOM, delimiter).
 */
import { headerKey } from './columns.ts';
import { type Delimiter, DELIMITERS, detectDelimiter, parseCsv } from './csv-parse.ts';
import { type CsvTable, unneutralizeFormula } from './csv-write.ts';
import { sniffSpreadsheet, unreadableKindMessage } from './sniff.ts';
import { listColumns, sheetError } from './table.ts';
import { decodeSpreadsheetText } from './text-decode.ts';

export interface LinkChoice {
  /** 1-based line in links.csv (0 for choices not read from a file). */
  line: number;
  dicomName: string;
  /** The demographics row's name, or undefined for "no demographics row". */
  demographicsName: string | undefined;
}

const EXPECTED = 'a header with the columns "dicom_name" and "demographics_name"';

/** The delimiter that splits the header into the two expected columns (names may hold any other). */
function linksDelimiter(text: string): Delimiter | undefined {
  const found = DELIMITERS.find((delimiter) => {
    const keys = (parseCsv(text, delimiter, 1).records[0]?.cells ?? []).map(headerKey);
    return keys.includes('dicomname') && keys.includes('demographicsname');
  });
  return found ?? detectDelimiter(text);
}

/**
 * Parses links.csv bytes. Lines repeating a choice are merged; two different choices for one
 * `dicom_name` throw SpreadsheetError `E_LINKS_CONFLICT` naming both lines.
 */
export function parseLinksCsv(bytes: Uint8Array, path: string): LinkChoice[] {
  const kind = sniffSpreadsheet(bytes);
  const problem = kind === 'text' || kind === 'empty' ? undefined : (unreadableKindMessage(kind) ?? 'this is not CSV text');
  if (problem !== undefined) throw sheetError('E_SHEET_FORMAT', path, undefined, `${problem.split(':')[0]}: expected links.csv, ${EXPECTED}`);
  const { text } = decodeSpreadsheetText(bytes);
  if (text.trim() === '') throw sheetError('E_SHEET_EMPTY', path, undefined, `the file is empty: expected ${EXPECTED}`);
  const parsed = parseCsv(text, linksDelimiter(text));
  if (parsed.unterminatedQuoteLine !== undefined) {
    throw sheetError('E_SHEET_QUOTE', path, parsed.unterminatedQuoteLine, 'a quoted cell opens here and is never closed: expected a closing double quote (")');
  }
  const [header, ...records] = parsed.records;
  const keys = header!.cells.map(headerKey);
  const dicom = keys.indexOf('dicomname');
  const demographics = keys.indexOf('demographicsname');
  if (dicom < 0 || demographics < 0) {
    const found = listColumns(header!.cells);
    throw sheetError('E_SHEET_NO_NAME_COLUMN', path, header!.line, `found columns ${found}; expected ${EXPECTED}`);
  }
  const choices = new Map<string, LinkChoice>();
  for (const record of records) {
    const dicomName = unneutralizeFormula((record.cells[dicom] ?? '').trim());
    if (dicomName === '') continue;
    const target = unneutralizeFormula((record.cells[demographics] ?? '').trim());
    const choice: LinkChoice = { line: record.line, dicomName, demographicsName: target === '' ? undefined : target };
    const earlier = choices.get(dicomName);
    if (earlier === undefined) choices.set(dicomName, choice);
    else if (earlier.demographicsName !== choice.demographicsName) {
      const says = (name: string | undefined) => (name === undefined ? 'no demographics row' : `"${name}"`);
      throw sheetError('E_LINKS_CONFLICT', path, record.line, `"${dicomName}" is linked to ${says(choice.demographicsName)} here but to ${says(earlier.demographicsName)} on line ${earlier.line}: expected one choice per DICOM name`);
    }
  }
  return [...choices.values()];
}

/** The table of links.csv, sorted by DICOM name so the file diffs cleanly between runs. */
export function linksCsv(choices: readonly Pick<LinkChoice, 'dicomName' | 'demographicsName'>[]): CsvTable {
  const sorted = [...choices].sort((a, b) => (a.dicomName < b.dicomName ? -1 : a.dicomName > b.dicomName ? 1 : 0));
  return { columns: ['dicom_name', 'demographics_name'], rows: sorted.map((choice) => [choice.dicomName, choice.demographicsName ?? '']) };
}
