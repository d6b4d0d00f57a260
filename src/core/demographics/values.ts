/**
 * Birth dates and sexes as spreadsheets write them, to DICOM's forms (DA `YYYYMMDD`, CS `M`/`F`/`O`)
 * so they can break ties between homonyms. A value that cannot be read for sure gives undefined:
 * a wrong tie-breaker would link the wrong row, a missing one only leaves the link ambiguous.
 */

export type Sex = 'M' | 'F' | 'O';

/** Day-month order of a column's slash dates, decided once for the whole column. */
export type DayOrder = 'dmy' | 'mdy';

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SLASHED = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

const DAY_MONTH_YEAR = /^(\d{1,2})(?:er)?[ .-]+(\p{L}+)\.?[ .-]+(\d{4})$/u;
const MONTH_DAY_YEAR = /^(\p{L}+)\.?[ ]+(\d{1,2})(?:st|nd|rd|th)?,?[ ]+(\d{4})$/u;

/** English and French month names and their usual abbreviations, accents folded. */
const MONTH_NAMES: [string, number][] = [
  ['january jan janvier janv', 1], ['february feb febr fevrier fev fevr', 2], ['march mar mars', 3], ['april apr avril avr', 4],
  ['may mai', 5], ['june jun juin', 6], ['july jul juillet juil', 7], ['august aug aout', 8],
  ['september sep sept septembre', 9], ['october oct octobre', 10], ['november nov novembre', 11], ['december dec decembre', 12],
];
const MONTHS = new Map(MONTH_NAMES.flatMap(([names, month]) => names.split(' ').map((name): [string, number] => [name, month])));

function monthNumber(name: string): number {
  return MONTHS.get(name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()) ?? 0;
}

function valid(year: number, month: number, day: number): string | undefined {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/**
 * Which order the slash dates of a column use: a first part above 12 proves day-first, a second
 * part above 12 month-first; with no proof (or contradicting proofs) day-first, the order used
 * wherever dicomveil's users write dates in French or most other European languages.
 */
export function inferDayOrder(values: Iterable<string>): DayOrder {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const value of values) {
    const match = SLASHED.exec(value.trim());
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst++;
    if (Number(match[2]) > 12) monthFirst++;
  }
  return monthFirst > 0 && dayFirst === 0 ? 'mdy' : 'dmy';
}

/**
 * A date to `YYYYMMDD`: `1980-03-15`, `1980/03/15`, `19800315`, `15/03/1980`, `15.03.1980`,
 * `15-03-1980` (or month first when `order` says so), `15 mars 1980`, `1er févr. 1980`,
 * `March 15, 1980`, `15-Mar-1980`. Two-digit years are refused: the century of
 * a birth year cannot be guessed.
 */
export function normalizeDate(value: string, order: DayOrder = 'dmy'): string | undefined {
  const text = value.trim();
  let match = ISO.exec(text);
  if (match) return valid(Number(match[1]), Number(match[2]), Number(match[3]));
  match = COMPACT.exec(text);
  if (match) return valid(Number(match[1]), Number(match[2]), Number(match[3]));
  match = SLASHED.exec(text);
  if (match) {
    const first = Number(match[1]);
    const second = Number(match[2]);
    const year = Number(match[3]);
    return order === 'dmy' ? valid(year, second, first) : valid(year, first, second);
  }
  match = DAY_MONTH_YEAR.exec(text);
  if (match) return valid(Number(match[3]), monthNumber(match[2]!), Number(match[1]));
  match = MONTH_DAY_YEAR.exec(text);
  if (match) return valid(Number(match[3]), monthNumber(match[1]!), Number(match[2]));
  return undefined;
}

const SEXES = new Map<string, Sex>(Object.entries({
  M: 'M', F: 'F', O: 'O',
  m: 'M', male: 'M', man: 'M', masculin: 'M', masculine: 'M', homme: 'M', h: 'M', garcon: 'M', boy: 'M',
  f: 'F', female: 'F', woman: 'F', feminin: 'F', feminine: 'F', femme: 'F', fille: 'F', girl: 'F', w: 'F',
  o: 'O', other: 'O', autre: 'O', x: 'O', nonbinary: 'O', nonbinaire: 'O', divers: 'O', d: 'O',
  // ISO/IEC 5218, as French and many hospital systems export it.
  '1': 'M', '2': 'F',
}) as [string, Sex][]);

/** A sex to DICOM's `M`, `F` or `O`; unknown, empty or unreadable values give undefined. */
export function normalizeSex(value: string): Sex | undefined {
  const direct = SEXES.get(value);
  if (direct !== undefined) return direct;
  const key = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return SEXES.get(key);
}
