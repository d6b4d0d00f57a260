/**
 * From header facts to patients: identities grouped (CONTRACT.md "Patients"), earlier patients
 * of the private dir recognised so they keep their ids, demographics linked (links.csv first),
 * and new ids issued against every id ever issued. The private dir's patients come in as data:
 * whoever reads the registry passes it.
 */
import { describeDemographics } from '../demographics/notices.ts';
import { rowSpellings } from '../demographics/row-spellings.ts';
import type { DemographicsRow, DemographicsTable } from '../demographics/table.ts';
import type { LinkChoice } from '../demographics/links.ts';
import { assignIds } from '../ids/index.ts';
import { conflicts } from '../match/evidence.ts';
import { linkPatients, type LinkOutcome, type PairEvidence } from '../match/link.ts';
import { spellingsDistance } from '../match/measures.ts';
import { prepareName, type PreparedName } from '../match/name.ts';
import type { AnonymizeOptions } from '../options/schema.ts';
import { groupFileIdentities } from './group-files.ts';
import { checkIdPrefix, checkIssuedIds, idChecks } from './id-safety.ts';
import { isLinked, settleLink } from './known-links.ts';
import type { KnownLink, KnownPatientRecord, PlannedPatient } from './patients-model.ts';
import type { FileClass } from './scanned-file.ts';
import type { LinkEvidence, RunPlan } from './run-plan.ts';

export interface DemographicsInput {
  table: DemographicsTable;
  path: string;
}

export interface PatientsPlanInput {
  /** The run's files by class (source and identity): what grouping needs of them. */
  classes: readonly FileClass[];
  demographics: DemographicsInput | undefined;
  links: readonly LinkChoice[];
  options: AnonymizeOptions;
  key: Uint8Array;
  /** Every patient the private dir already gave an id to (its registry). */
  known: readonly KnownPatientRecord[];
}

export interface BuiltPatients {
  patients: PlannedPatient[];
  /** Every patient the private dir knows after this run: earlier ones and this run's. */
  registry: KnownPatientRecord[];
  demographicsRows: RunPlan['demographicsRows'];
  warnings: string[];
}

function prepared(names: readonly string[]): PreparedName[] {
  return names.map(prepareName).filter((n): n is PreparedName => n !== undefined);
}

/** The earlier patient a group is, if any: same identity, or a matching name with no conflict and a shared PatientID or birth date. */
function findKnown(group: { identity: string; spellings: string[]; patientIds: string[]; birthDate: string; sex: string }, known: readonly KnownPatientRecord[], distance: number): KnownPatientRecord | undefined {
  const exact = known.find((k) => k.identity === group.identity);
  if (exact) return exact;
  const names = prepared(group.spellings);
  for (const candidate of known) {
    const sharedId = group.patientIds.some((id) => candidate.patientIds.includes(id));
    const conflict = conflicts({ birthDate: group.birthDate, sex: group.sex }, { birthDate: candidate.birthDate, sex: candidate.sex }).length > 0;
    if (conflict) continue;
    const close = names.length > 0 && spellingsDistance(names, prepared(candidate.spellings), distance) <= distance + 1e-9;
    if (close && (sharedId || (group.birthDate !== '' && group.birthDate === candidate.birthDate))) return candidate;
    if (names.length === 0 && sharedId) return candidate;
  }
  return undefined;
}

function linkStatus(outcome: LinkOutcome | undefined): PlannedPatient['link']['status'] {
  if (outcome === undefined) return 'none';
  if (outcome.status === 'linked') return outcome.by === 'choice' ? 'manual' : 'linked';
  if (outcome.status === 'ambiguous' || outcome.status === 'suggested') return outcome.status;
  return outcome.reason === 'chosen-none' ? 'none' : 'missing';
}

/** The evidence as plain data for the plan, the review and mapping.csv. */
function linkEvidence(evidence: PairEvidence): LinkEvidence {
  return { name: evidence.name.agreement, nameDistance: evidence.name.distance, birthDate: evidence.birthDate, sex: evidence.sex, id: evidence.id };
}

/** What this run's sheet says of one patient, as the registry keeps it (without a sheet, only a links.csv choice of no row). */
function knownLink(outcome: LinkOutcome | undefined, table: DemographicsTable | undefined, rowByLine: ReadonlyMap<number, DemographicsRow>): KnownLink | undefined {
  if (table === undefined && outcome === undefined) return undefined;
  const status = linkStatus(outcome);
  const candidates = (lines: readonly number[]) => lines.flatMap((line) => {
    const row = rowByLine.get(line);
    return row ? [{ name: row.name, line }] : [];
  });
  if (outcome?.status === 'linked') {
    const row = rowByLine.get(outcome.row)!;
    return { status, demographicsName: row.name, score: outcome.score, evidence: linkEvidence(outcome.evidence), row: { line: row.line, columns: table!.columns, cells: row.cells, delimiter: table!.delimiter } };
  }
  if (outcome?.status === 'suggested') {
    const row = rowByLine.get(outcome.row)!;
    return { status, demographicsName: row.name, score: outcome.score, evidence: linkEvidence(outcome.evidence), candidates: candidates([outcome.row]) };
  }
  if (outcome?.status === 'ambiguous') return { status, candidates: candidates(outcome.rows) };
  if (outcome?.status === 'missing' && outcome.rows !== undefined && outcome.rows.length > 0) return { status, candidates: candidates(outcome.rows) };
  return { status };
}

/** The plan's view of a link kept from an earlier run: its row is a line of an earlier sheet, so none is named. */
function keptPlanLink(link: KnownLink): PlannedPatient['link'] {
  return {
    status: link.status,
    ...(link.demographicsName === undefined ? {} : { demographicsName: link.demographicsName }),
    ...(link.score === undefined ? {} : { score: link.score }),
    ...(link.evidence === undefined ? {} : { evidence: link.evidence }),
  };
}

/** Groups, recognises, links and names every patient of the run. */
export async function planPatients(input: PatientsPlanInput): Promise<BuiltPatients> {
  const { options } = input;
  const warnings: string[] = [];
  const groups = groupFileIdentities(input.classes, options.distance, warnings);
  const known = input.known;

  const table = input.demographics?.table;
  // Duplicate names and ignored rows, by line number: told with the run's other warnings.
  if (table) warnings.push(...describeDemographics(table).warnings);
  const reused = groups.map((g) => findKnown(g, known, options.distance));
  const met = new Set(reused.flatMap((k) => (k === undefined ? [] : [k.id])));
  // Earlier patients whose files this run does not have are linked too: this sheet may hold the
  // row no earlier one had, and a row that fits one of them is no new patient's for sure. Without
  // a sheet, a links.csv choice of no row unlinks them all the same.
  const unmet = known.filter((k) => !met.has(k.id));
  const rows = table?.rows.map((row) => ({ row: row.line, name: row.name, birthDate: row.birthDate, sex: row.sex, id: row.id, content: row.cells.join('\u0000') })) ?? [];
  const linked =
    table !== undefined || input.links.length > 0
      ? linkPatients(
          [
            ...groups.map((g) => ({ names: g.spellings, namesFromSource: g.namedBySource, birthDate: g.birthDate || undefined, sex: g.sex || undefined, patientIds: g.patientIds })),
            // An earlier patient without a name from its files (name '') was named by its source alone.
            ...unmet.map((k) => ({ names: k.fileSpellings ?? k.spellings, namesFromSource: k.name === '', birthDate: k.birthDate, sex: k.sex, patientIds: k.patientIds })),
          ],
          rows,
          { distance: options.distance, choices: input.links.map((c) => ({ dicomName: c.dicomName, demographicsName: c.demographicsName })) },
        )
      : [];
  // With no sheet there is no row to link, suggest or miss: only the choices of no row act (those
  // of a row are told below when they have not been applied).
  const outcomes: (LinkOutcome | undefined)[] = table ? linked : linked.map((outcome) => (outcome.status === 'missing' && outcome.reason === 'chosen-none' ? outcome : undefined));
  const rowByLine = new Map(table?.rows.map((row) => [row.line, row]) ?? []);
  const links = groups.map((_, i) => settleLink(reused[i]?.link, knownLink(outcomes[i], table, rowByLine)));
  const kepts = links.map((settled) => (settled.kept ? settled.link : undefined));
  const linkedRows = groups.map((_, i) => {
    const outcome = outcomes[i];
    return outcome?.status === 'linked' && kepts[i] === undefined ? rowByLine.get(outcome.row) : undefined;
  });
  const spellingsOf = groups.map((g, i) => {
    const spellings = [...g.spellings];
    const row = linkedRows[i];
    for (const spelling of row ? rowSpellings(row) : []) if (!spellings.includes(spelling)) spellings.push(spelling);
    for (const old of reused[i]?.spellings ?? []) if (!spellings.includes(old)) spellings.push(old);
    return spellings;
  });

  // No id, nor the prefix every id starts with, may spell a patient of this input or an earlier one.
  const unmetRows = unmet.flatMap((k, j) => {
    const outcome = outcomes[groups.length + j];
    const row = outcome?.status === 'linked' ? rowByLine.get(outcome.row) : undefined;
    return row ? [{ spellings: rowSpellings(row), patientIds: k.patientIds }] : [];
  });
  const checks = idChecks([...groups.map((g, i) => ({ spellings: spellingsOf[i]!, patientIds: g.patientIds })), ...known, ...unmetRows]);
  checkIdPrefix(options.idPrefix, checks);
  checkIssuedIds(
    known.map((k) => k.id),
    checks,
  );
  const fresh = groups.map((g, i) => ({ g, i })).filter(({ i }) => reused[i] === undefined);
  const newIds = await assignIds(
    input.key,
    fresh.map(({ g }) => ({ identity: g.identity, tiebreak: g.tiebreak })),
    { scheme: options.ids, prefix: options.idPrefix, length: options.idLength, issued: known.map((k) => k.id), avoid: checks.spells },
  );
  const ids = groups.map((_, i) => reused[i]?.id);
  fresh.forEach(({ i }, n) => {
    ids[i] = newIds[n];
  });

  const patients: PlannedPatient[] = groups.map((g, i) => {
    const outcome = outcomes[i];
    const kept = kepts[i];
    const status = kept?.status ?? linkStatus(outcome);
    const linkedRow = linkedRows[i];
    const suggestedRow = outcome?.status === 'suggested' && kept === undefined ? rowByLine.get(outcome.row) : undefined;
    const candidateLines =
      outcome?.status === 'ambiguous' ? outcome.rows : outcome?.status === 'missing' ? (outcome.rows ?? []) : outcome?.status === 'suggested' ? [outcome.row] : linkedRow ? [linkedRow.line] : [];
    const spellings = spellingsOf[i]!;
    const flags = [...g.flags];
    if (status === 'ambiguous') flags.push('ambiguous');
    if (status === 'missing') flags.push('missing');
    if (status === 'suggested') flags.push('suggested');
    if (linkedRow && outcome?.status === 'linked' && outcome.score > options.distance / 2) flags.push('low-score');
    // Pixels may show the name where no byte search can see it: the review must say so per patient.
    if (g.risky) flags.push('risky-images');
    return {
      id: ids[i]!,
      name: g.label,
      spellings,
      patientIds: g.patientIds,
      members: g.members,
      sources: g.sourceCounts,
      link: kept
        ? keptPlanLink(kept)
        : {
            status,
            ...(outcome?.status === 'linked' || outcome?.status === 'suggested' ? { row: outcome.row, score: outcome.score } : {}),
            ...(linkedRow ? { demographicsName: linkedRow.name } : suggestedRow ? { demographicsName: suggestedRow.name } : {}),
            ...((outcome?.status === 'linked' || outcome?.status === 'suggested') && 'evidence' in outcome ? { evidence: linkEvidence(outcome.evidence) } : {}),
          },
      facts: { ...(g.birthDate ? { birthDate: g.birthDate } : {}), ...(g.sex ? { sex: g.sex } : {}), patientIds: g.patientIds },
      candidates: candidateLines.flatMap((line) => {
        const row = rowByLine.get(line);
        if (!row) return [];
        const facts = { ...(row.birthDate ? { birthDate: row.birthDate } : {}), ...(row.sex ? { sex: row.sex } : {}), ...(row.id ? { id: row.id } : {}) };
        return [{ row: line, name: row.name, score: spellingsDistance(prepared(g.spellings), prepared([row.name]), options.distance), ...facts }];
      }),
      flags,
    };
  });

  const registry = new Map(known.map((k) => [k.id, k]));
  patients.forEach((p, i) => {
    const g = groups[i]!;
    const before = registry.get(p.id);
    const record: KnownPatientRecord = {
      id: p.id,
      identity: before?.identity ?? g.identity,
      name: before?.name ?? g.name,
      label: before?.label ?? g.label,
      spellings: [...new Set([...(before?.spellings ?? []), ...p.spellings])],
      fileSpellings: [...new Set([...(before?.fileSpellings ?? []), ...g.spellings])],
      patientIds: [...new Set([...(before?.patientIds ?? []), ...p.patientIds])],
      sources: [...new Set([...(before?.sources ?? []), ...g.sources])],
    };
    const birthDate = g.birthDate || before?.birthDate;
    const sex = g.sex || before?.sex;
    if (birthDate) record.birthDate = birthDate;
    if (sex) record.sex = sex;
    const link = links[i]!.link;
    if (link) record.link = link;
    registry.set(p.id, record);
  });
  unmet.forEach((k, j) => {
    const outcome = outcomes[groups.length + j];
    const { link } = settleLink(k.link, knownLink(outcome, table, rowByLine));
    const linkedRow = outcome?.status === 'linked' ? rowByLine.get(outcome.row) : undefined;
    // A row linked now names the patient too: earlier outputs are checked again for its spellings.
    const spellings = linkedRow ? [...new Set([...k.spellings, ...rowSpellings(linkedRow)])] : k.spellings;
    registry.set(k.id, { ...k, spellings, ...(link ? { link } : {}) });
  });
  if (table === undefined) {
    const linkAfter = (i: number) => (i < groups.length ? links[i]!.link : registry.get(unmet[i - groups.length]!.id)?.link);
    const idle = linked.filter((outcome, i) => outcome.status === 'missing' && outcome.reason === 'choice-not-found' && !isLinked(linkAfter(i))).length;
    if (idle > 0) warnings.push(`links.csv: ${idle} choice${idle === 1 ? '' : 's'} of a demographics row not applied: this run has no --demographics, and a row is linked only from a sheet that holds it`);
  }
  return {
    patients,
    registry: [...registry.values()],
    demographicsRows: table?.rows.map((row) => ({ row: row.line, name: row.name })) ?? [],
    warnings,
  };
}
