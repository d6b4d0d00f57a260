/**
 * Writes small but real `.xlsx` workbooks for tests: the zip of SpreadsheetML parts that Excel
 * itself writes (content types, relationships, workbook, styles, shared strings, one sheet per
 * entry), so the reader is tested on the format, not on a mock.
 */
import { createWriteStream } from 'node:fs';
import { ZipFile } from 'yazl';

/** A cell: text (shared string), a number, a date (Excel serial, date style), or a number shown zero-padded. */
export type FixtureCell = string | number | null | { date: number } | { zeroPadded: number; digits: number } | { inline: string };

export interface FixtureSheet {
  name: string;
  rows: FixtureCell[][];
  /** 1-based row of the first entry of `rows` (rows above stay empty). */
  firstRow?: number;
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts of a workbook holding `sheets`, by zip entry name. */
export function workbookParts(sheets: readonly FixtureSheet[]): Map<string, string> {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = (text: string) => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };
  const formats = new Map<number, number>();
  const paddedStyle = (digits: number) => {
    let style = formats.get(digits);
    if (style === undefined) {
      style = 2 + formats.size;
      formats.set(digits, style);
    }
    return style;
  };
  const sheetXml = (sheet: FixtureSheet) => {
    const first = sheet.firstRow ?? 1;
    const rows = sheet.rows.map((cells, rowIndex) => {
      const r = first + rowIndex;
      const xml = cells.map((cell, column) => {
        const ref = `${columnLetters(column)}${r}`;
        if (cell === null) return '';
        if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${shared(cell)}</v></c>`;
        if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
        if ('date' in cell) return `<c r="${ref}" s="1"><v>${cell.date}</v></c>`;
        if ('inline' in cell) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(cell.inline)}</t></is></c>`;
        return `<c r="${ref}" s="${paddedStyle(cell.digits)}"><v>${cell.zeroPadded}</v></c>`;
      });
      return `<row r="${r}">${xml.join('')}</row>`;
    });
    return `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  };
  const parts = new Map<string, string>();
  sheets.forEach((sheet, index) => {
    parts.set(`xl/worksheets/sheet${index + 1}.xml`, sheetXml(sheet));
  });
  const numFmts = [...formats].map(([digits, style]) => `<numFmt numFmtId="${162 + style}" formatCode="${'0'.repeat(digits)}"/>`);
  const xfs = [...formats].map(([, style]) => `<xf numFmtId="${162 + style}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
  parts.set(
    'xl/styles.xml',
    `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
      '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${2 + xfs.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      `<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>${xfs.join('')}</cellXfs></styleSheet>`,
  );
  parts.set(
    'xl/sharedStrings.xml',
    `${HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((text) => `<si><t xml:space="preserve">${xmlEscape(text)}</t></si>`).join('')}</sst>`,
  );
  const sheetEntries = sheets.map((sheet, index) => `<sheet name="${xmlEscape(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`);
  parts.set('xl/workbook.xml', `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheetEntries.join('')}</sheets></workbook>`);
  const n = sheets.length;
  const sheetRels = sheets.map((_, index) => `<Relationship Id="rId${index + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`);
  parts.set(
    'xl/_rels/workbook.xml.rels',
    `${HEAD}<Relationships xmlns="${PKG_REL}">${sheetRels.join('')}<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  parts.set('_rels/.rels', `${HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  const sheetTypes = sheets.map((_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
  parts.set(
    '[Content_Types].xml',
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetTypes.join('')}` +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  return parts;
}

/** Writes a workbook of `sheets` to `path` as a real zip (yazl, deflated). */
export function writeFixtureWorkbook(path: string, sheets: readonly FixtureSheet[]): Promise<void> {
  const zip = new ZipFile();
  const parts = workbookParts(sheets);
  // Excel writes [Content_Types].xml first; some readers rely on it.
  for (const name of ['[Content_Types].xml', ...[...parts.keys()].filter((key) => key !== '[Content_Types].xml')]) {
    zip.addBuffer(Buffer.from(parts.get(name)!, 'utf8'), name);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
}
