/**
 * What read-excel-file does not tell: which number cells of the first sheet the user sees
 * zero-padded (a custom format such as `000000` on an IPP or a postal code), so they are read as
 * the text the user sees (`000123`, not `123`). Also bounds the workbook's inflated size before
 * any part of it is inflated, so a zip bomb given as demographics is refused, not expanded.
 */
import { type UnzipFileInfo, unzipSync } from 'fflate';
import { sheetError } from '../../core/demographics/table.ts';

/** Far above any demographics workbook (Excel's own sheets stay well under). */
export const MAX_WORKBOOK_INFLATED_BYTES = 1024 * 1024 * 1024;
export const MAX_WORKBOOK_ENTRIES = 10_000;

function attributes(tag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) map.set(match[1]!, match[2]!);
  return map;
}

const unescapeXml = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** `B12` → row 12, column 1 (0-based column). */
function cellPosition(ref: string): { row: number; column: number } | undefined {
  const match = /^([A-Z]{1,3})(\d{1,7})$/.exec(ref);
  if (!match) return undefined;
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]), column: column - 1 };
}

function extract(bytes: Uint8Array, path: string, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  let total = 0;
  let entries = 0;
  const filter = (file: UnzipFileInfo) => {
    entries++;
    total += file.originalSize;
    if (entries > MAX_WORKBOOK_ENTRIES || total > MAX_WORKBOOK_INFLATED_BYTES) {
      throw sheetError('E_SHEET_TOO_LARGE', path, undefined, `the workbook inflates past ${MAX_WORKBOOK_INFLATED_BYTES} bytes or ${MAX_WORKBOOK_ENTRIES} parts: expected a demographics workbook`);
    }
    return wanted(file.name);
  };
  return unzipSync(bytes, { filter });
}

const text = (part: Uint8Array | undefined) => (part === undefined ? '' : new TextDecoder().decode(part));

/** Path of the first sheet's part, as the workbook and its relationships name it. */
function firstSheetPath(workbook: string, rels: string): string | undefined {
  const sheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbook);
  if (!sheet) return undefined;
  const sheetAttributes = attributes(sheet[0]);
  const relId = [...sheetAttributes].find(([name]) => name === 'r:id' || name.endsWith(':id'))?.[1];
  for (const match of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const relation = attributes(match[0]);
    if (relation.get('Id') !== relId) continue;
    const target = relation.get('Target') ?? '';
    return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  }
  return undefined;
}

/** Indices of cell styles (`<cellXfs>` entries) whose number format pads with zeros, and to how many digits. */
function zeroPaddedStyles(styles: string): Map<number, number> {
  const formats = new Map<string, number>();
  for (const match of styles.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const format = attributes(match[0]);
    const code = unescapeXml(format.get('formatCode') ?? '').replace(/^"(.*)"$/, '$1');
    if (/^0{2,}$/.test(code)) formats.set(format.get('numFmtId') ?? '', code.length);
  }
  const padded = new Map<number, number>();
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(styles);
  if (!cellXfs || formats.size === 0) return padded;
  [...cellXfs[1]!.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)].forEach((match, index) => {
    const digits = formats.get(attributes(match[0]).get('numFmtId') ?? '');
    if (digits !== undefined) padded.set(index, digits);
  });
  return padded;
}

/**
 * The zero-padded number cells of the first sheet: `"row:column"` (1-based row, 0-based column)
 * → digits shown. Throws SpreadsheetError `E_SHEET_TOO_LARGE` for a workbook that inflates past
 * the bounds; a workbook it cannot make sense of gives an empty map (read-excel-file decides).
 */
export function zeroPaddedCells(bytes: Uint8Array, path: string): Map<string, number> {
  const cells = new Map<string, number>();
  let parts: Record<string, Uint8Array>;
  try {
    parts = extract(bytes, path, (name) => name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels' || name === 'xl/styles.xml');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'E_SHEET_TOO_LARGE') throw error;
    return cells;
  }
  const padded = zeroPaddedStyles(text(parts['xl/styles.xml']));
  if (padded.size === 0) return cells;
  const sheetPath = firstSheetPath(text(parts['xl/workbook.xml']), text(parts['xl/_rels/workbook.xml.rels']));
  if (sheetPath === undefined) return cells;
  const sheet = text(extract(bytes, path, (name) => name === sheetPath)[sheetPath]);
  for (const match of sheet.matchAll(/<(?:\w+:)?c\b[^>]*>/g)) {
    const cell = attributes(match[0]);
    const type = cell.get('t') ?? 'n';
    const digits = padded.get(Number(cell.get('s') ?? '-1'));
    const position = cellPosition(cell.get('r') ?? '');
    if (type === 'n' && digits !== undefined && position !== undefined) cells.set(`${position.row}:${position.column}`, digits);
  }
  return cells;
}
