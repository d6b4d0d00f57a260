/**
 * The "After" view of a run, gathered from what the run wrote: `mapping.csv` and
 * `missing_demographics.csv` in the private dir (names allowed: this page is local), and
 * `report.json` in the output (per-file outcomes, risk flags). Every file is optional: a run that
 * was refused or stopped early shows what exists.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { FileNote, ResultAnswer, ResultPatient } from '../api-types.ts';
import { readReport } from '../../node/run/report.ts';
import type { RunPlan, RunSummary } from './run-api.ts';

type Row = Record<string, string>;

/** Outcomes the plan already lists by input path (the report only has opaque refs for them). */
const PLANNED_OUTCOMES = new Set(['ignored', 'dropped', 'excluded']);

/** Flags about the demographics link, not about what the images may show. */
const LINK_FLAGS = new Set(['ambiguous', 'homonym', 'missing', 'suggested', 'low-score', 'several-identities']);

async function readCsv(path: string): Promise<Row[]> {
  try {
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    const rows = Papa.parse<Row>(text, { header: true, skipEmptyLines: true }).data;
    // The CSV writer keeps Excel from running cells as formulas with a leading quote; undo it.
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, /^'[=+\-@]/.test(v) ? v.slice(1) : v])));
  } catch {
    return [];
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

interface ReportFileNote {
  path: string;
  outcome: string;
  reason: string;
  flags: string[];
}

/**
 * report.json's per-file outcomes (`fileOutcomes`: output path or opaque input reference each), read
 * a file at a time (a run of millions of files): the files written counted by patient folder, and
 * kept only the files that need a word (not anonymized, or flagged).
 */
function reportFiles(output: string): { outputCount: Map<string, number>; files: ReportFileNote[] } {
  const outputCount = new Map<string, number>();
  const files: ReportFileNote[] = [];
  try {
    readReport(output, (raw: unknown) => {
      if (typeof raw !== 'object' || raw === null) return;
      const entry = raw as Record<string, unknown>;
      const file = { path: text(entry.output) || text(entry.input), outcome: text(entry.outcome), reason: text(entry.reason), flags: strings(entry.flags) };
      const written = file.outcome === 'anonymized' || file.outcome === 'unchanged';
      if (written) {
        const id = file.path.split(/[\\/]/)[0] ?? '';
        outputCount.set(id, (outputCount.get(id) ?? 0) + 1);
      }
      if (!written || file.flags.length > 0) files.push(file);
    });
  } catch {
    // No report (a refused or stopped run), or not one this version reads: nothing to show of it.
  }
  return { outputCount, files };
}

/** Gathers the result tables of a finished run. `plan` is the preview's, when there was one. */
export async function gatherResult(summary: RunSummary, plan: RunPlan | undefined): Promise<ResultAnswer> {
  const mapping = await readCsv(join(summary.privateDir, 'mapping.csv'));
  const missingRows = await readCsv(join(summary.privateDir, 'missing_demographics.csv'));
  const { outputCount, files } = reportFiles(summary.output);

  const planned = new Map((plan?.patients ?? []).map((p) => [p.id, p]));
  const riskFlags = new Map<string, Set<string>>();
  for (const file of files) {
    const id = file.path.split(/[\\/]/)[0] ?? '';
    if (file.flags.length > 0) {
      const set = riskFlags.get(id) ?? new Set<string>();
      for (const flag of file.flags) set.add(flag);
      riskFlags.set(id, set);
    }
  }

  const ids = mapping.length > 0 ? mapping.map((row) => text(row.id)) : [...planned.keys()];
  const patients: ResultPatient[] = ids.map((id) => {
    const row = mapping.find((r) => r.id === id);
    const p = planned.get(id);
    const demographics = text(row?.demographics_name) || text(p?.link.demographicsName);
    return {
      id,
      name: text(row?.name) || text(p?.name),
      files: outputCount.get(id) ?? p?.sources.reduce((sum, s) => sum + s.files, 0) ?? 0,
      link: demographics === '' ? 'no demographics row' : demographics,
      score: text(row?.score) || (p?.link.score === undefined ? '' : p.link.score.toFixed(2)),
      flags: [...new Set([...(p?.flags ?? []), ...(riskFlags.get(id) ?? [])])],
    };
  });

  const missing = missingRows.map((row) => ({
    id: text(row.id),
    name: text(row.name) || text(row.dicom_name),
    reason: text(row.reason) || text(row.status),
  }));
  const notes: FileNote[] = [
    ...(plan?.ignored ?? []).map((i) => ({ path: i.path, outcome: 'ignored', reason: i.reason })),
    // The plan names ignored inputs by path, which is clearer here than the report's opaque refs.
    ...files
      .filter((f) => f.outcome !== 'anonymized' && f.outcome !== 'unchanged' && !(plan !== undefined && PLANNED_OUTCOMES.has(f.outcome)))
      .map(({ path, outcome, reason }) => ({ path, outcome, reason })),
  ];
  const risks = patients
    .map((p) => ({ id: p.id, flags: p.flags.filter((flag) => !LINK_FLAGS.has(flag)) }))
    .filter((p) => p.flags.length > 0);
  const flaggedFiles = files
    .filter((f) => f.outcome === 'anonymized' || f.outcome === 'unchanged')
    .map((f) => ({ path: f.path, flags: f.flags.filter((flag) => !LINK_FLAGS.has(flag)) }))
    .filter((f) => f.flags.length > 0);
  return { summary, patients, missing, files: notes, risks, flaggedFiles, warnings: plan?.warnings ?? [] };
}
