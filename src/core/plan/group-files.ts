/**
 * Files to patient groups: each distinct identity read from the headers (spellings, PatientID,
 * birth date, sex, source) goes through the match module's grouping (CONTRACT.md "Patients");
 * this adapter maps groups back to files, adds the source's own name as a spelling when it
 * matches (or when the files hold no usable name at all), and joins shortened spellings ("DELACROIX" beside "DELACROIX^KENJI") that the same
 * PatientID in the same source already ties together.
 */
import { groupIdentities, type Identity, type PatientGroup } from '../match/group.ts';
import { namesMatch, wordsRelated } from '../match/measures.ts';
import { personNameSpellings, type PreparedName, prepareName } from '../match/name.ts';
import { sourceSpelling } from '../match/source-name.ts';
import type { FileClass, ScannedFile } from './scanned-file.ts';

export interface FileGroup {
  identity: string;
  tiebreak: string;
  /** The spelling most files use (ties: the fullest, then the first in sort order); '' when none is a name. */
  name: string;
  /** What to call the patient in the plan and the GUI: the name, else its PatientID or source. */
  label: string;
  spellings: string[];
  /** The files hold no usable name: the spellings (if any) are the source folder or zip name's. */
  namedBySource: boolean;
  patientIds: string[];
  birthDate: string;
  sex: string;
  /** Keys of its file classes: a file's patient is the group holding its class. */
  members: string[];
  /** Some file's pixels may show a name. */
  risky: boolean;
  sources: string[];
  sourceCounts: { path: string; files: number }[];
  flags: string[];
}

interface Draft {
  group: PatientGroup;
  classes: FileClass[];
  extraNames: string[];
  flags: Set<string>;
}

function spellingsOf(file: ScannedFile): string[] {
  const id = file.identity;
  if (!id) return [];
  return [...new Set([...personNameSpellings(id.name), ...id.otherNames.flatMap(personNameSpellings)])];
}

/** Every word of the shorter spelling relates to a word of the longer one. */
function shortened(a: PreparedName, b: PreparedName, distance: number): boolean {
  const [wa, wb] = [a.keys[0]?.words ?? [], b.keys[0]?.words ?? []];
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  return short.length > 0 && short.every((word) => long.some((other) => wordsRelated(word, other, distance)));
}

function prepared(names: readonly string[]): PreparedName[] {
  return names.map(prepareName).filter((n): n is PreparedName => n !== undefined);
}

/** Joins drafts that share a PatientID and a source, whose names are one a shortening of the other. */
function joinShortened(drafts: Draft[], distance: number): Draft[] {
  const out: Draft[] = [];
  for (const draft of drafts) {
    const names = prepared(draft.group.names);
    const home = out.find((other) => {
      const g = other.group;
      if (!draft.group.patientId || g.patientId !== draft.group.patientId) return false;
      if (!draft.group.sources.some((s) => g.sources.includes(s))) return false;
      if ((g.birthDate && draft.group.birthDate && g.birthDate !== draft.group.birthDate) || (g.sex && draft.group.sex && g.sex !== draft.group.sex)) return false;
      const theirs = prepared(g.names);
      return names.some((n) => theirs.some((t) => shortened(n, t, distance)));
    });
    if (!home) {
      out.push(draft);
      continue;
    }
    // The fuller group keeps its identity: its anchor names the patient best.
    const keep = home.group.names.join(' ').length >= draft.group.names.join(' ').length ? home : draft;
    const merged: Draft = {
      group: { ...keep.group, names: [...new Set([...keep.group.names, ...home.group.names, ...draft.group.names])], sources: [...new Set([...home.group.sources, ...draft.group.sources])].sort() },
      classes: [...home.classes, ...draft.classes],
      extraNames: [],
      flags: new Set([...home.flags, ...draft.flags]),
    };
    out[out.indexOf(home)] = merged;
  }
  return out;
}

/** Groups file classes; `warnings` receives one line per source holding several patients, and per homonym pair. */
export function groupFileIdentities(classes: readonly FileClass[], distance: number, warnings: string[]): FileGroup[] {
  const byKey = new Map<string, FileClass>();
  for (const fileClass of classes) byKey.set(fileClass.key, fileClass);
  const identities: Identity[] = [...byKey.values()].map(({ key, file }) => {
    const id = file.identity;
    return { key, names: spellingsOf(file), patientId: id?.patientId, birthDate: id?.birthDate, sex: id?.sex, source: file.source };
  });
  const grouping = groupIdentities(identities, { distance });
  let drafts: Draft[] = grouping.patients.map((group) => ({ group, classes: group.members.flatMap((m) => byKey.get(m.key) ?? []), extraNames: [], flags: new Set<string>() }));
  for (const { patients } of grouping.homonyms) for (const i of patients) drafts[i]?.flags.add('homonym');
  drafts = joinShortened(drafts, distance);

  const perSource = new Map<string, number>();
  for (const d of drafts) for (const s of d.group.sources) perSource.set(s, (perSource.get(s) ?? 0) + 1);
  for (const [source, count] of perSource) {
    if (count > 1) warnings.push(`${source === '' ? 'the loose files' : source}: ${count} patients in one source (several identities)`);
  }
  const homonyms = drafts.filter((d) => d.flags.has('homonym')).length;
  if (homonyms > 0) warnings.push(`${homonyms} patients have a namesake kept apart by a different PatientID, birth date or sex (homonyms)`);

  // Thousands of files share a handful of names: each name is read once.
  const firstSpellings = new Map<string, string | undefined>();
  const firstSpelling = (file: ScannedFile) => {
    const key = `${file.identity?.name ?? ''}\u0001${(file.identity?.otherNames ?? []).join('\u0001')}`;
    if (!firstSpellings.has(key)) firstSpellings.set(key, spellingsOf(file).find((text) => prepareName(text) !== undefined));
    return firstSpellings.get(key);
  };
  return drafts.map((draft) => {
    const { group } = draft;
    const nameCounts = new Map<string, number>();
    for (const { file, files } of draft.classes) {
      const first = firstSpelling(file);
      if (first !== undefined) nameCounts.set(first, (nameCounts.get(first) ?? 0) + files);
    }
    const words = (text: string) => text.split(/[\s^,.-]+/).filter((w) => w.length > 0).length;
    const best = [...nameCounts.entries()].sort((a, b) => b[1] - a[1] || words(b[0]) - words(a[0]) || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    const spellings = [...group.names];
    const known = prepared(spellings);
    for (const source of group.sources) {
      if (known.length === 0) {
        // No usable PatientName: the folder or zip name is the only name there is ("Hartigan
        // Roisin"), unless it is a placeholder such as `patient07`.
        const spelling = sourceSpelling(source);
        if (spelling !== undefined && !spellings.includes(spelling)) spellings.push(spelling);
        continue;
      }
      // The source's own name spells the patient when it matches (DUPONT_JEAN, Dupont-Jean.zip).
      const stem = source.replace(/\.zip$/i, '');
      const asName = prepareName(stem.replace(/[_.]+/g, ' '));
      if (asName && known.some((k) => namesMatch(k, asName, distance)) && !spellings.includes(stem)) spellings.push(stem);
    }
    // Other ids of the same person (OtherPatientIDs) are its PatientID values too: searched as such.
    const patientIds = [...new Set(draft.classes.flatMap(({ file }) => [file.identity?.patientId ?? '', ...(file.identity?.otherIds ?? [])]).filter((p) => p !== ''))].sort();
    const counts = new Map<string, number>();
    for (const { file, files } of draft.classes) counts.set(file.source, (counts.get(file.source) ?? 0) + files);
    const flags = [...draft.flags];
    if (group.sources.some((s) => (perSource.get(s) ?? 0) > 1)) flags.push('several-identities');
    const firstSource = group.sources[0] ?? '';
    return {
      identity: group.identity,
      tiebreak: group.tiebreak,
      name: best ?? '',
      label: best?.replace(/\^+$/, '') ?? (group.patientId ? `PatientID ${group.patientId}` : `files of ${firstSource || 'the loose files'}`),
      spellings,
      namedBySource: known.length === 0,
      patientIds,
      birthDate: group.birthDate ?? '',
      sex: group.sex ?? '',
      members: draft.classes.map((c) => c.key).sort(),
      risky: draft.classes.some((c) => c.risky),
      sources: [...group.sources],
      sourceCounts: [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([path, n]) => ({ path, files: n })),
      flags,
    };
  });
}
