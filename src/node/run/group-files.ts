/**
 * Files to patient groups, by the contract's rules ("Patients"): within a source, files with one
 * identity are one patient; across sources, identities link when they share a PatientID and a
 * matching name, or a matching name and a birth date. A name joins a group only when it matches
 * the group's first spelling (grouping never chains); different PatientIDs, birth dates or sexes
 * never merge. Files with no usable name go by PatientID, else by their source.
 */
import { canonicalIdentity } from '../../core/ids/identity.ts';
import { conflicts } from '../../core/match/evidence.ts';
import { namesMatch, wordsRelated } from '../../core/match/measures.ts';
import { personNameSpellings, type PreparedName, prepareName } from '../../core/match/name.ts';
import type { ScannedFile } from './scan-input.ts';

export interface FileGroup {
  identity: string;
  /** The spelling most files use (ties: the first in sort order); '' when no file has a usable name. */
  name: string;
  spellings: string[];
  patientIds: string[];
  birthDate: string;
  sex: string;
  refs: string[];
  sources: string[];
  sourceCounts: { path: string; files: number }[];
  flags: string[];
}

interface Cluster {
  first: PreparedName | undefined;
  patientId: string;
  birthDate: string;
  sex: string;
  files: ScannedFile[];
  nameCounts: Map<string, number>;
  spellings: Set<string>;
  patientIds: Set<string>;
  sources: Set<string>;
}

function newCluster(file: ScannedFile, names: PreparedName[]): Cluster {
  const id = file.identity!;
  return {
    first: names[0],
    patientId: id.patientId,
    birthDate: id.birthDate,
    sex: id.sex,
    files: [],
    nameCounts: new Map(),
    spellings: new Set(),
    patientIds: new Set(),
    sources: new Set(),
  };
}

function add(cluster: Cluster, file: ScannedFile, names: PreparedName[]): void {
  const id = file.identity!;
  cluster.files.push(file);
  cluster.sources.add(file.source);
  if (names.length > 0) cluster.nameCounts.set(id.name, (cluster.nameCounts.get(id.name) ?? 0) + 1);
  for (const name of names) cluster.spellings.add(name.text);
  if (id.patientId !== '') cluster.patientIds.add(id.patientId);
  cluster.patientId ||= id.patientId;
  cluster.birthDate ||= id.birthDate;
  cluster.sex ||= id.sex;
}

function compatible(cluster: Cluster, file: ScannedFile): boolean {
  const id = file.identity!;
  return conflicts({ patientId: cluster.patientId, birthDate: cluster.birthDate, sex: cluster.sex }, { patientId: id.patientId, birthDate: id.birthDate, sex: id.sex }).length === 0;
}

/**
 * A shortened spelling of the same name ("DELACROIX" for "DELACROIX^KENJI"): every word of the
 * shorter reading relates to a word of the longer. Only used with a shared PatientID in one source.
 */
function shortenedOf(a: PreparedName, b: PreparedName, distance: number): boolean {
  const [wa, wb] = [a.keys[0]?.words ?? [], b.keys[0]?.words ?? []];
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  return short.length > 0 && short.every((word) => long.some((other) => wordsRelated(word, other, distance)));
}

function spellingsOf(file: ScannedFile): PreparedName[] {
  const id = file.identity;
  if (!id) return [];
  const raw = [...personNameSpellings(id.name), ...id.otherNames.flatMap(personNameSpellings)];
  return raw.map(prepareName).filter((n): n is PreparedName => n !== undefined);
}

/** Groups files; `warnings` receives one line per source that holds several patients. */
export function groupFileIdentities(files: readonly ScannedFile[], distance: number, warnings: string[]): FileGroup[] {
  const sorted = [...files].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const clusters: Cluster[] = [];
  const nameless: ScannedFile[] = [];
  // Named files first, so nameless ones can join the patient their PatientID or source points to.
  for (const file of sorted) {
    const names = spellingsOf(file);
    if (names.length === 0) {
      nameless.push(file);
      continue;
    }
    const id = file.identity!;
    const home = clusters.find((c) => {
      if (c.first === undefined || !compatible(c, file)) return false;
      const sameIdHere = c.sources.has(file.source) && id.patientId !== '' && c.patientIds.has(id.patientId);
      if (!names.some((n) => namesMatch(c.first!, n, distance) || (sameIdHere && shortenedOf(c.first!, n, distance)))) return false;
      if (c.sources.has(file.source)) return true;
      return (id.patientId !== '' && c.patientIds.has(id.patientId)) || (id.birthDate !== '' && c.birthDate === id.birthDate);
    });
    const cluster = home ?? newCluster(file, names);
    if (!home) clusters.push(cluster);
    add(cluster, file, names);
  }
  for (const file of nameless) {
    const id = file.identity;
    const byId = id?.patientId ? clusters.filter((c) => c.patientIds.has(id.patientId)) : [];
    const bySource = clusters.filter((c) => c.sources.has(file.source) && c.first !== undefined);
    const bare = clusters.find((c) => c.first === undefined && (id?.patientId ? c.patientIds.has(id.patientId) : c.patientId === '' && c.sources.has(file.source)));
    const home = byId.length === 1 ? byId[0] : byId.length === 0 && bySource.length === 1 && !id?.patientId ? bySource[0] : bare;
    const cluster = home ?? newCluster(file, []);
    if (!home) clusters.push(cluster);
    add(cluster, file, []);
  }

  const perSource = new Map<string, number>();
  for (const c of clusters) for (const s of c.sources) perSource.set(s, (perSource.get(s) ?? 0) + 1);
  for (const [source, count] of perSource) {
    if (count > 1) warnings.push(`${source === '' ? 'the loose files' : source}: ${count} patients in one source (several identities)`);
  }
  return clusters.map((c) => {
    // The spelling most files use; among equals the fullest, then the first in sort order.
    const words = (text: string) => text.split(/[\s^,.-]+/).filter((w) => w.length > 0).length;
    const byCount = [...c.nameCounts.entries()].sort((a, b) => b[1] - a[1] || words(b[0]) - words(a[0]) || (a[0] < b[0] ? -1 : 1));
    const name = byCount[0]?.[0] ?? '';
    const firstSource = [...c.sources].sort()[0] ?? '';
    const counts = new Map<string, number>();
    for (const f of c.files) counts.set(f.source, (counts.get(f.source) ?? 0) + 1);
    const spellings = [...c.spellings].sort();
    for (const source of c.sources) {
      // The source's own name spells the patient when it matches (DUPONT_JEAN, Dupont-Jean.zip).
      const stem = source.replace(/\.zip$/i, '');
      const asName = prepareName(stem.replace(/[_.]+/g, ' '));
      const matches = asName !== undefined && [...c.spellings].some((text) => {
        const known = prepareName(text);
        return known !== undefined && namesMatch(known, asName, distance);
      });
      if (matches && !spellings.includes(stem)) spellings.push(stem);
    }
    const flags: string[] = [];
    if ([...c.sources].some((s) => (perSource.get(s) ?? 0) > 1)) flags.push('several-identities');
    return {
      identity: canonicalIdentity({ ...(name ? { name: personNameSpellings(name)[0] ?? name } : {}), birthDate: c.birthDate, patientId: c.patientId, source: firstSource }),
      name: name || (c.patientId ? `PatientID ${c.patientId}` : `source ${firstSource || '(loose files)'}`),
      spellings,
      patientIds: [...c.patientIds].sort(),
      birthDate: c.birthDate,
      sex: c.sex,
      refs: c.files.map((f) => f.ref),
      sources: [...c.sources].sort(),
      sourceCounts: [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([path, files]) => ({ path, files })),
      flags,
    };
  });
}
