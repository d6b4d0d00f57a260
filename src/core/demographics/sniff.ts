/**
 * What kind of file a demographics path really holds, judged from its first bytes rather than
 * its extension: users rename files, and a DICOM or an old `.xls` given by mistake must be
 * refused with a message that says what it is.
 */

export type SpreadsheetKind =
  /** No bytes at all (a blank text file is found empty once decoded). */
  | 'empty'
  /** Text to be read as CSV. */
  | 'text'
  /** An Office Open XML workbook (a zip). */
  | 'xlsx'
  /** A zip that is not a workbook. */
  | 'zip'
  /** An OpenDocument spreadsheet (LibreOffice, OpenOffice). */
  | 'ods'
  /** Excel 97–2003 (an OLE2 compound file). */
  | 'xls'
  | 'dicom'
  | 'pdf'
  /** Any other binary content. */
  | 'binary';

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

const ODS_MIMETYPE = 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet';

/** OpenDocument files start with a stored `mimetype` entry whose name and content follow the 30-byte header. */
function isOpenDocument(bytes: Uint8Array): boolean {
  if (bytes.length < 30 + ODS_MIMETYPE.length) return false;
  for (let i = 0; i < ODS_MIMETYPE.length; i++) if (bytes[30 + i] !== ODS_MIMETYPE.charCodeAt(i)) return false;
  return true;
}

function hasBom(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xef, 0xbb, 0xbf]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
}

/** UTF-16 without a BOM: one byte of each pair is almost always zero for Latin text. */
export function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.min(bytes.length >> 1, 2048);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * Control bytes other than tab, CR, LF, FF do not occur in spreadsheets saved as text; a few
 * percent of them (or any NUL) means a binary file.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < sample; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls++;
  }
  return controls > sample * 0.01;
}

/**
 * Classifies a file from its content. Any zip starting with a local file header is a workbook
 * candidate (`xlsx`); the workbook reader says so when it is some other zip.
 */
export function sniffSpreadsheet(bytes: Uint8Array): SpreadsheetKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return isOpenDocument(bytes) ? 'ods' : 'xlsx';
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, OLE2)) return 'xls';
  if (startsWith(bytes, [0x44, 0x49, 0x43, 0x4d], 128)) return 'dicom';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (bytes.length === 0) return 'empty';
  if (hasBom(bytes) || guessBomlessUtf16(bytes) !== undefined) return 'text';
  return looksBinary(bytes) ? 'binary' : 'text';
}


/** What to tell a user who gave a file of this kind, or undefined when it can be read. */
export function unreadableKindMessage(kind: SpreadsheetKind): string | undefined {
  switch (kind) {
    case 'xls':
      return 'this is an Excel 97-2003 workbook (.xls) or a password-protected workbook, which cannot be read: open it in Excel or LibreOffice and save it as .xlsx (without a password) or CSV';
    case 'ods':
      return 'this is an OpenDocument spreadsheet (.ods), which cannot be read: open it in LibreOffice and save it as .xlsx or CSV';
    case 'dicom':
      return 'this is a DICOM file, not a spreadsheet: expected a CSV or .xlsx file with a name column';
    case 'pdf':
      return 'this is a PDF document, not a spreadsheet: expected a CSV or .xlsx file with a name column';
    case 'zip':
      return 'this is a zip archive, not a spreadsheet: expected a CSV or .xlsx file with a name column';
    case 'binary':
      return 'this is a binary file, not a spreadsheet: expected a CSV (text) or .xlsx file with a name column';
    case 'empty':
      return 'the file is empty: expected a header line with a name column, then one line per patient';
    default:
      return undefined;
  }
}
