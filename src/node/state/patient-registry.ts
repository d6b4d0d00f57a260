/**
 * Every patient this private dir ever gave an id to, with what identifies them (private: names
 * included). Later runs reuse these ids, search these names in every new output, and never issue
 * an id twice. Kept as JSON beside mapping.csv, which is the human view of the same list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { KnownPatientRecord } from '../../core/plan/patients-model.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

const FILE = 'patients.json';

export function readRegistry(privateDir: string): KnownPatientRecord[] {
  const path = join(privateDir, FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = JSON.parse(text) as { patients?: KnownPatientRecord[] };
    return Array.isArray(parsed.patients) ? parsed.patients : [];
  } catch {
    throw new UsageError('E_REGISTRY', `the private dir's patient list is damaged: ${path}`, { file: path });
  }
}

export function writeRegistry(privateDir: string, patients: readonly KnownPatientRecord[]): void {
  const sorted = [...patients].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  writeFileAtomic(join(privateDir, FILE), `${JSON.stringify({ patients: sorted }, null, 1)}\n`, 0o600);
}
