/**
 * Birth date and sex as evidence between two records (a patient and a row, two identities):
 * they conflict when both sides have a value and the values differ, agree when both have the same.
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
