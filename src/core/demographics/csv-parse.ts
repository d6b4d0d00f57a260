/**
 * RFC 4180 CSV reading, lenient where spreadsheet programs are: CR, LF or CRLF line ends,
 * quoted fields holding delimiters, quotes (`""`) and newlines, spaces before an opening quote,
 * stray quotes inside unquoted fields kept as text. Each record remembers the physical line it
 * starts on, so errors and reports point at the line a user sees in a text editor.
 */

export type Delimiter = ',' | ';' | '\t' | '|';

/** Candidates in the order that breaks ties: `;` first, as Excel writes it in most of Europe. */
export const DELIMITERS: readonly Delimiter[] = [';', '\t', ',', '|'];

/** Excel's own limits: a file past them was not written by a spreadsheet program. */
export const MAX_COLUMNS = 16_384;
export const MAX_RECORDS = 1_048_576;

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
}

export interface CsvParseResult {
  records: CsvRecord[];
  /** Set when the text ends inside a quoted field: the line where that field opened. */
  unterminatedQuoteLine?: number;
  /** Set when a record has more than {@link MAX_COLUMNS} cells or the file more than {@link MAX_RECORDS} records. */
  tooLargeLine?: number;
}

/**
 * Splits `text` into records. Blank lines are skipped; `delimiter` undefined reads one column.
 * `maxRecords` stops early (used to sniff the delimiter on the first records).
 */
export function parseCsv(text: string, delimiter: Delimiter | undefined, maxRecords?: number): CsvParseResult {
  const limit = maxRecords ?? MAX_RECORDS;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  let quoteLine = 0;
  const endRecord = (): boolean => {
    cells.push(field);
    const blank = cells.length === 1 && cells[0]!.trim() === '' && !wasQuoted;
    if (!blank) records.push({ line: recordLine, cells });
    cells = [];
    field = '';
    wasQuoted = false;
    return records.length >= limit;
  };
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line++;
        field += char;
      }
      continue;
    }
    if (char === delimiter) {
      cells.push(field);
      field = '';
      wasQuoted = false;
      if (cells.length > MAX_COLUMNS) return { records, tooLargeLine: recordLine };
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      const full = endRecord();
      line++;
      recordLine = line;
      if (full) {
        const more = maxRecords === undefined && text.slice(i + 1).trim() !== '';
        return more ? { records, tooLargeLine: line } : { records };
      }
    } else if (char === '"' && field.trim() === '' && !wasQuoted) {
      // Spaces before an opening quote are layout, not content.
      field = '';
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
    } else field += char;
  }
  if (quoted) return { records, unterminatedQuoteLine: quoteLine };
  if (field !== '' || cells.length > 0 || wasQuoted) endRecord();
  return { records };
}

/**
 * Picks the delimiter that splits the first records most regularly: the most common number of
 * cells (at least two) and the share of records that have it. Title lines above the header do not
 * mislead it. Undefined when no candidate splits the records (a one-column file).
 */
export function detectDelimiter(text: string, sampleRecords = 50): Delimiter | undefined {
  let best: { delimiter: Delimiter; consistency: number; columns: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const { records } = parseCsv(text, delimiter, sampleRecords);
    const counts = new Map<number, number>();
    for (const record of records) counts.set(record.cells.length, (counts.get(record.cells.length) ?? 0) + 1);
    let columns = 0;
    let frequency = 0;
    for (const [count, times] of counts) {
      if (times > frequency || (times === frequency && count > columns)) [columns, frequency] = [count, times];
    }
    if (columns < 2) continue;
    const consistency = frequency / records.length;
    if (best === undefined || consistency > best.consistency || (consistency === best.consistency && columns > best.columns)) {
      best = { delimiter, consistency, columns };
    }
  }
  return best?.delimiter;
}
