/**
 * Patients of a run: the pure planning of core/plan over the patients this private dir already
 * knows, read from its registry here.
 */
import type { LinkChoice } from '../../core/demographics/links.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { type BuiltPatients, type DemographicsInput, planPatients } from '../../core/plan/patients.ts';
import type { FileClass } from '../../core/plan/scanned-file.ts';
import type { Source } from '../sources/index.ts';
import { readRegistry } from '../state/patient-registry.ts';

export type { BuiltPatients, DemographicsInput };

export interface PatientsInput {
  classes: readonly FileClass[];
  sources: readonly Source[];
  demographics: DemographicsInput | undefined;
  links: readonly LinkChoice[];
  options: AnonymizeOptions;
  key: Uint8Array;
  privateDir: string;
}

/** Groups, recognises, links and names every patient of the run. */
export function buildPatients(input: PatientsInput): Promise<BuiltPatients> {
  const { classes, demographics, links, options, key } = input;
  return planPatients({ classes, demographics, links, options, key, known: readRegistry(input.privateDir) });
}
