/**
 * The canonical identity an id is derived from (CONTRACT.md, "Patients"): the sorted folded words
 * of the patient's first spelling, plus the birth date when known. Patients with no usable name
 * are identified by their PatientID, else by their source.
 */
import { prepareName } from './name.ts';

export interface IdentityParts {
  /** The spelling that names the patient (the group's first); ignored when not a usable name. */
  readonly name?: string | undefined;
  /** DA `YYYYMMDD`. */
  readonly birthDate?: string | undefined;
  readonly patientId?: string | undefined;
  /** The source (top-level folder or zip of the input) for patients known by nothing else. */
  readonly source?: string | undefined;
}

/**
 * `dupont jean|19800315` for "DUPONT^Jean" born 1980-03-15; `pid:12345` or `source:case7` for a
 * patient with no usable name. Word order, case, accents and separators never change it.
 * @example canonicalIdentity({ name: 'Jean DUPONT', birthDate: '19800315' }) // 'dupont jean|19800315'
 */
export function canonicalIdentity(parts: IdentityParts): string {
  const prepared = parts.name === undefined ? undefined : prepareName(parts.name);
  const date = parts.birthDate?.trim() ?? '';
  const suffix = date === '' ? '' : `|${date}`;
  if (prepared !== undefined) return `${prepared.canonical}${suffix}`;
  const patientId = parts.patientId?.trim() ?? '';
  if (patientId !== '') return `pid:${patientId}${suffix}`;
  return `source:${parts.source ?? ''}${suffix}`;
}
