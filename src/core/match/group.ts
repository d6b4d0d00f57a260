/**
 * Groups identities read from the files (spellings, PatientID, birth date, sex, source) into
 * patients (CONTRACT.md, "Patients" and "Names"):
 * - no chaining: an identity joins a group only if it matches the group's first spelling, the
 *   first in sorted order, so A~B and B~C never pull C next to A;
 * - different PatientIDs, birth dates or sexes, where both sides have them, never merge: such
 *   pairs are reported as homonyms;
 * - within a source a matching name is enough; across sources it also takes the same PatientID or
 *   the same birth date;
 * - identities with no usable name are one patient per PatientID, else they join their source's
 *   only patient, else they are their source's patient.
 */
import { compareAttribute, conflicts } from './evidence.ts';
import { canonicalIdentity } from './identity.ts';
import { EPSILON, matchDistance } from './measures.ts';
import { NameIndex } from './name-index.ts';
import { type PreparedName, prepareName } from './name.ts';

/** What one set of files says about who they show. */
export interface Identity {
  /** The caller's handle for these files, returned in {@link PatientGroup.members}. */
  readonly key: string;
  /** Spellings: each PN component group (see `personNameSpellings`), other names… */
  readonly names: readonly string[];
  readonly patientId?: string | undefined;
  /** DA `YYYYMMDD`. */
  readonly birthDate?: string | undefined;
  /** `M`, `F` or `O`. */
  readonly sex?: string | undefined;
  /** The source: a top-level folder or zip of the input, or the loose files together. */
  readonly source: string;
}

/** How a patient is recognised. */
export type PatientBasis = 'name' | 'patient-id' | 'source';

export interface PatientGroup {
  /** The identities, the group's first (anchor) first. */
  readonly members: readonly Identity[];
  /** Distinct spellings, the anchor's first. */
  readonly names: readonly string[];
  readonly patientId: string | undefined;
  readonly birthDate: string | undefined;
  readonly sex: string | undefined;
  /** Sorted. */
  readonly sources: readonly string[];
  readonly basis: PatientBasis;
  /** The canonical identity the id is derived from (`assignIds`' `identity`). */
  readonly identity: string;
  /** Orders patients whose identity is equal (`assignIds`' `tiebreak`). */
  readonly tiebreak: string;
}

export type Difference = 'patient-id' | 'birth-date' | 'sex';

/** Two patients whose names match but who were kept apart. */
export interface Homonym {
  /** Indexes into {@link Grouping.patients}, smaller first. */
  readonly patients: readonly [number, number];
  /** What differs; empty when nothing links two sources (no shared PatientID or birth date). */
  readonly differs: readonly Difference[];
}

export interface Grouping {
  readonly patients: readonly PatientGroup[];
  readonly homonyms: readonly Homonym[];
  /** Sources that hold several patients (to warn about). */
  readonly splitSources: readonly string[];
}

export interface GroupOptions {
  /** The `--distance` threshold. */
  readonly distance: number;
}

interface Prepared {
  readonly input: Identity;
  readonly names: PreparedName[];
}

interface Draft {
  readonly anchor: Prepared;
  readonly members: Prepared[];
  patientId: string | undefined;
  birthDate: string | undefined;
  sex: string | undefined;
  readonly sources: Set<string>;
  readonly basis: PatientBasis;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const clean = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

function sortKey(item: Prepared): string[] {
  const { input } = item;
  return [item.names[0]?.canonical ?? '', clean(input.patientId) ?? '', clean(input.birthDate) ?? '', clean(input.sex) ?? '', input.source, input.key];
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compare(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Why `identity` may not join `group` although its name matches: what differs, or, from another
 * source, the lack of a shared PatientID or birth date (then an empty list). Undefined: it may join.
 */
export function joinObstacle(
  identity: { readonly patientId?: string | undefined; readonly birthDate?: string | undefined; readonly sex?: string | undefined; readonly source?: string | undefined },
  group: { readonly patientId?: string | undefined; readonly birthDate?: string | undefined; readonly sex?: string | undefined; readonly sources: ReadonlySet<string> | readonly string[] },
): Difference[] | undefined {
  const differs = conflicts(identity, group);
  if (differs.length > 0) return differs;
  const sources = group.sources;
  const sameSource = identity.source !== undefined && (sources instanceof Set ? sources.has(identity.source) : (sources as readonly string[]).includes(identity.source));
  if (sameSource) return undefined;
  const linked = compareAttribute(identity.patientId, group.patientId) === 'agree' || compareAttribute(identity.birthDate, group.birthDate) === 'agree';
  return linked ? undefined : [];
}

function join(draft: Draft, item: Prepared): void {
  draft.members.push(item);
  draft.sources.add(item.input.source);
  draft.patientId ??= clean(item.input.patientId);
  draft.birthDate ??= clean(item.input.birthDate);
  draft.sex ??= clean(item.input.sex);
}

function open(drafts: Draft[], item: Prepared, basis: PatientBasis): number {
  const draft: Draft = { anchor: item, members: [], patientId: undefined, birthDate: undefined, sex: undefined, sources: new Set(), basis };
  join(draft, item);
  drafts.push(draft);
  return drafts.length - 1;
}

/**
 * Groups identities into patients. The result does not depend on the order of `identities`.
 * @example
 * groupIdentities([
 *   { key: 'a', names: ['DUPONT^Jean'], patientId: '123', source: 'visit1' },
 *   { key: 'b', names: ['dupont jean-marc'], patientId: '123', source: 'visit2' },
 * ], { distance: 0.2 }).patients.length // 1
 */
export function groupIdentities(identities: readonly Identity[], options: GroupOptions): Grouping {
  const threshold = options.distance;
  const prepared = identities.map((input) => ({
    input,
    names: input.names.map(prepareName).filter((name): name is PreparedName => name !== undefined),
  }));
  const withKeys = prepared.map((item) => ({ item, key: sortKey(item) })).sort((a, b) => compareKeys(a.key, b.key));
  const drafts: Draft[] = [];
  const anchors = new NameIndex(threshold);
  const anchorDraft: number[] = [];
  const homonyms = new Map<string, Homonym>();
  const note = (a: number, b: number, differs: Difference[]) => {
    const pair: [number, number] = a < b ? [a, b] : [b, a];
    const key = pair.join('|');
    if (!homonyms.has(key)) homonyms.set(key, { patients: pair, differs });
  };
  for (const { item } of withKeys) {
    if (item.names.length === 0) continue;
    let best: number | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    const blocked: [number, Difference[]][] = [];
    for (const entry of anchors.candidates(item.names)) {
      const index = anchorDraft[entry]!;
      const draft = drafts[index]!;
      const distance = matchDistance(item.names, draft.anchor.names, threshold);
      if (distance > threshold + EPSILON) continue;
      const obstacle = joinObstacle(item.input, draft);
      if (obstacle !== undefined) blocked.push([index, obstacle]);
      else if (distance < bestDistance - EPSILON) {
        best = index;
        bestDistance = distance;
      }
    }
    if (best === undefined) {
      best = open(drafts, item, 'name');
      anchorDraft[anchors.add(item.names)] = best;
    } else join(drafts[best]!, item);
    for (const [index, differs] of blocked) note(best, index, differs);
  }
  groupNameless(withKeys.map(({ item }) => item).filter((item) => item.names.length === 0), drafts);
  return finish(drafts, [...homonyms.values()]);
}

function groupNameless(items: Prepared[], drafts: Draft[]): void {
  const byPatientId = new Map<string, number[]>();
  const bySourceAll = new Map<string, number[]>();
  const remember = (index: number) => {
    const draft = drafts[index]!;
    if (draft.patientId !== undefined) byPatientId.set(draft.patientId, [...(byPatientId.get(draft.patientId) ?? []), index]);
    for (const source of draft.sources) bySourceAll.set(source, [...(bySourceAll.get(source) ?? []), index]);
  };
  for (let index = 0; index < drafts.length; index++) remember(index);
  const sourcePatient = new Map<string, number>();
  for (const item of items) {
    const { input } = item;
    const free = (index: number) => conflicts(input, drafts[index]!).length === 0;
    const patientId = clean(input.patientId);
    if (patientId !== undefined) {
      const same = (byPatientId.get(patientId) ?? []).filter(free);
      const target = same.find((index) => drafts[index]!.sources.has(input.source)) ?? same[0];
      if (target === undefined) remember(open(drafts, item, 'patient-id'));
      else {
        const known = drafts[target]!.sources.has(input.source);
        join(drafts[target]!, item);
        if (!known) bySourceAll.set(input.source, [...(bySourceAll.get(input.source) ?? []), target]);
      }
      continue;
    }
    const inSource = (bySourceAll.get(input.source) ?? []).filter((index) => drafts[index]!.basis !== 'source');
    let target = inSource.length === 1 && free(inSource[0]!) ? inSource[0] : sourcePatient.get(input.source);
    if (target === undefined) {
      target = open(drafts, item, 'source');
      sourcePatient.set(input.source, target);
    } else join(drafts[target]!, item);
  }
}

function finish(drafts: Draft[], homonyms: Homonym[]): Grouping {
  const patients = drafts.map((draft): PatientGroup => {
    const names: string[] = [];
    for (const member of draft.members) for (const name of member.names) if (!names.includes(name.text)) names.push(name.text);
    const sources = [...draft.sources].sort(compare);
    const anchor = draft.anchor.input;
    const identity =
      draft.basis === 'name'
        ? canonicalIdentity({ name: draft.anchor.names[0]!.text, birthDate: draft.birthDate })
        : canonicalIdentity({ patientId: draft.basis === 'patient-id' ? draft.patientId : undefined, source: anchor.source, birthDate: draft.birthDate });
    return {
      members: draft.members.map((member) => member.input),
      names,
      patientId: draft.patientId,
      birthDate: draft.birthDate,
      sex: draft.sex,
      sources,
      basis: draft.basis,
      identity,
      tiebreak: [draft.patientId ?? '', draft.sex ?? '', ...sources].join('|'),
    };
  });
  const counts = new Map<string, number>();
  for (const patient of patients) for (const source of patient.sources) counts.set(source, (counts.get(source) ?? 0) + 1);
  const splitSources = [...counts].filter(([, count]) => count > 1).map(([source]) => source).sort(compare);
  return { patients, homonyms: homonyms.sort((a, b) => a.patients[0] - b.patients[0] || a.patients[1] - b.patients[1]), splitSources };
}
