/**
 * Recognises, on a later run, patients issued an id before (mapping.csv), so a new spelling of a
 * known patient keeps its id (CONTRACT.md, "Promises"). The rule is the grouping rule: a matching
 * name, nothing that differs (PatientID, birth date, sex), and, from a source the known patient was
 * not seen in, the same PatientID or birth date. Patients with no usable name are recognised by
 * PatientID, else by source.
 */
import { compareAttribute } from './evidence.ts';
import { joinObstacle } from './group.ts';
import { EPSILON, matchDistance, spellingsEditDistance } from './measures.ts';
import { NameIndex } from './name-index.ts';
import { type PreparedName, prepareName } from './name.ts';

/** A patient an earlier run gave an id to. */
export interface KnownPatient {
  readonly id: string;
  /** Every spelling recorded for it. */
  readonly names: readonly string[];
  /** PatientID values recorded for it. */
  readonly patientIds?: readonly string[] | undefined;
  readonly birthDate?: string | undefined;
  readonly sex?: string | undefined;
  /** Its sources (input folders or zips), as recorded. */
  readonly sources?: readonly string[] | undefined;
}

/** A patient of this run, as `groupIdentities` gives it. */
export interface PatientToResolve {
  readonly names: readonly string[];
  readonly patientId?: string | undefined;
  readonly birthDate?: string | undefined;
  readonly sex?: string | undefined;
  readonly sources: readonly string[];
}

export type KnownMatch =
  | { readonly status: 'known'; readonly id: string; readonly distance: number }
  | { readonly status: 'new' }
  /** Several known patients fit equally well: not guessed; the caller treats the patient as new and warns. */
  | { readonly status: 'ambiguous'; readonly ids: readonly string[] };

interface Entry {
  readonly known: KnownPatient;
  readonly names: PreparedName[];
  readonly sources: Set<string>;
}

function prepareAll(names: readonly string[]): PreparedName[] {
  return names.map(prepareName).filter((name): name is PreparedName => name !== undefined);
}

/**
 * The known patients of a private dir, indexed once, resolved many times.
 * @example
 * const known = new KnownPatients([{ id: 'subj_7K3M9QXA', names: ['DUPONT^Jean'], sources: ['visit1'] }], { distance: 0.2 });
 * known.resolve({ names: ['Dupont^Jean^Marc'], sources: ['visit1'] }) // { status: 'known', id: 'subj_7K3M9QXA', distance: 0.2 }
 */
export class KnownPatients {
  readonly #threshold: number;
  readonly #entries: Entry[];
  readonly #index: NameIndex;

  constructor(known: readonly KnownPatient[], options: { readonly distance: number }) {
    this.#threshold = options.distance;
    this.#index = new NameIndex(options.distance);
    this.#entries = known.map((patient) => {
      const entry = { known: patient, names: prepareAll(patient.names), sources: new Set(patient.sources ?? []) };
      this.#index.add(entry.names);
      return entry;
    });
  }

  /** The known patient `patient` is, if exactly one fits best. */
  resolve(patient: PatientToResolve): KnownMatch {
    const names = prepareAll(patient.names);
    return names.length > 0 ? this.#byName(patient, names) : this.#byIdOrSource(patient);
  }

  #obstacle(patient: PatientToResolve, entry: Entry): boolean {
    const ids = entry.known.patientIds ?? [];
    const sharesSource = patient.sources.some((source) => entry.sources.has(source));
    const sameId = patient.patientId !== undefined && ids.some((id) => compareAttribute(id, patient.patientId) === 'agree');
    const group = {
      patientId: sameId ? patient.patientId : ids[0],
      birthDate: entry.known.birthDate,
      sex: entry.known.sex,
      sources: sharesSource ? patient.sources : [...entry.sources],
    };
    return joinObstacle({ ...patient, source: patient.sources[0] }, group) !== undefined;
  }

  #byName(patient: PatientToResolve, names: PreparedName[]): KnownMatch {
    const fitting: { entry: Entry; distance: number; rank: number[] }[] = [];
    for (const number of this.#index.candidates(names)) {
      const entry = this.#entries[number]!;
      const distance = matchDistance(names, entry.names, this.#threshold);
      if (distance > this.#threshold + EPSILON || this.#obstacle(patient, entry)) continue;
      const rank = [
        distance,
        patient.sources.some((source) => entry.sources.has(source)) ? 0 : 1,
        (entry.known.patientIds ?? []).some((id) => compareAttribute(id, patient.patientId) === 'agree') ? 0 : 1,
        compareAttribute(entry.known.birthDate, patient.birthDate) === 'agree' ? 0 : 1,
        spellingsEditDistance(names, entry.names),
      ];
      fitting.push({ entry, distance, rank });
    }
    return this.#choose(fitting);
  }

  #byIdOrSource(patient: PatientToResolve): KnownMatch {
    const fitting = this.#entries
      .filter((entry) => {
        if (entry.names.length > 0) return false;
        if (patient.patientId !== undefined) return (entry.known.patientIds ?? []).some((id) => compareAttribute(id, patient.patientId) === 'agree');
        return patient.sources.some((source) => entry.sources.has(source));
      })
      .map((entry) => ({ entry, distance: 0, rank: [0] }));
    return this.#choose(fitting);
  }

  #choose(fitting: { entry: Entry; distance: number; rank: number[] }[]): KnownMatch {
    if (fitting.length === 0) return { status: 'new' };
    const order = (a: number[], b: number[]) => {
      for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > EPSILON) return a[i]! - b[i]!;
      return 0;
    };
    fitting.sort((a, b) => order(a.rank, b.rank));
    const best = fitting.filter((item) => order(item.rank, fitting[0]!.rank) === 0);
    if (best.length > 1) return { status: 'ambiguous', ids: best.map((item) => item.entry.known.id).sort() };
    return { status: 'known', id: best[0]!.entry.known.id, distance: best[0]!.distance };
  }
}
