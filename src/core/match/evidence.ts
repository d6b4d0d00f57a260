/**
 * Birth date, sex and ids as evidence between two records (a patient and a row, two identities).
 * `compareAttribute` is the yes/no of grouping: values conflict when both sides have one and they
 * differ. Linking asks finer questions: how a birth date differs (a typing slip or another day),
 * and whether a row's id is one of the patient's PatientIDs.
 */

/** What one attribute says about two records. */
export type Evidence = 'agree' | 'conflict' | 'unknown';

function clean(value: string | undefined): string {
  return value?.trim().toUpperCase() ?? '';
}

/** Compares one attribute (DA `YYYYMMDD`, CS `M`/`F`/`O`, a PatientID). */
export function compareAttribute(a: string | undefined, b: string | undefined): Evidence {
  const x = clean(a);
  const y = clean(b);
  if (x === '' || y === '') return 'unknown';
  return x === y ? 'agree' : 'conflict';
}

/** The attributes two records disagree on, in a fixed order. */
export function conflicts(
  a: { readonly patientId?: string | undefined; readonly birthDate?: string | undefined; readonly sex?: string | undefined },
  b: { readonly patientId?: string | undefined; readonly birthDate?: string | undefined; readonly sex?: string | undefined },
): ('patient-id' | 'birth-date' | 'sex')[] {
  const out: ('patient-id' | 'birth-date' | 'sex')[] = [];
  if (compareAttribute(a.patientId, b.patientId) === 'conflict') out.push('patient-id');
  if (compareAttribute(a.birthDate, b.birthDate) === 'conflict') out.push('birth-date');
  if (compareAttribute(a.sex, b.sex) === 'conflict') out.push('sex');
  return out;
}

/**
 * How two birth dates relate. `near`: what a typing slip makes of one date — one digit wrong, two
 * digits swapped, day and month swapped. A value that is not a valid `YYYYMMDD` date is unknown.
 */
export type DateRelation = 'same' | 'near' | 'different' | 'unknown';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYYMMDD` of a real calendar day (29 February only in leap years), else undefined. */
export function validDate(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  if (!/^\d{8}$/.test(text)) return undefined;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && day === 29 && !leap) return undefined;
  return text;
}

function nearDates(a: string, b: string): boolean {
  const differing: number[] = [];
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) differing.push(i);
  if (differing.length === 1) return true;
  if (differing.length === 2 && a[differing[0]!] === b[differing[1]!] && a[differing[1]!] === b[differing[0]!]) return true;
  return a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6);
}

/** How birth dates `a` and `b` (DA `YYYYMMDD`) relate. */
export function compareBirthDates(a: string | undefined, b: string | undefined): DateRelation {
  return compareValidDates(validDate(a), validDate(b));
}

/** {@link compareBirthDates} on values already checked with {@link validDate}. */
export function compareValidDates(x: string | undefined, y: string | undefined): DateRelation {
  if (x === undefined || y === undefined) return 'unknown';
  if (x === y) return 'same';
  return nearDates(x, y) ? 'near' : 'different';
}

/**
 * Every valid date `near` a given one (for looking rows up by birth date instead of comparing
 * with each): one digit replaced, two digits swapped, day and month swapped.
 */
export function nearDateVariants(date: string): string[] {
  const out = new Set<string>();
  const add = (candidate: string) => {
    if (candidate !== date && validDate(candidate) !== undefined) out.add(candidate);
  };
  for (let i = 0; i < 8; i++) {
    for (let digit = 0; digit <= 9; digit++) add(`${date.slice(0, i)}${digit}${date.slice(i + 1)}`);
    for (let j = i + 1; j < 8; j++) add(`${date.slice(0, i)}${date[j]}${date.slice(i + 1, j)}${date[i]}${date.slice(j + 1)}`);
  }
  add(`${date.slice(0, 4)}${date.slice(6, 8)}${date.slice(4, 6)}`);
  return [...out];
}

/** Sexes: the same, different, or unknown when either side has none. */
export type SexRelation = 'same' | 'different' | 'unknown';

export function compareSex(a: string | undefined, b: string | undefined): SexRelation {
  const relation = compareAttribute(a, b);
  return relation === 'agree' ? 'same' : relation === 'conflict' ? 'different' : 'unknown';
}

/** A row's id column against the patient's PatientIDs: equal (exactly, spaces around aside) to one of them. */
export type IdRelation = 'equal' | 'different' | 'unknown';

export function compareIds(patientIds: readonly string[], rowId: string | undefined): IdRelation {
  const id = rowId?.trim() ?? '';
  const ids = patientIds.map((value) => value.trim()).filter((value) => value !== '');
  if (id === '' || ids.length === 0) return 'unknown';
  return ids.includes(id) ? 'equal' : 'different';
}
