/**
 * report.html and report-private.html: report.json for people, as one self-contained page (inline
 * style, no script, no link to anything) that prints well. The shareable page is drawn from
 * report.json alone, which holds no name and no input path; the private page adds what only the
 * private folder may hold (names, input paths, link choices). Every value is escaped.
 *
 * Count maps are found by shape, not by name: a field of report.json holding numbers by key (or
 * such maps by key) becomes a table, so counts a later version adds are shown without a change here.
 */

/** What the private page adds: the patients with their names and sources, and the files by input path. */
export interface PrivateReportDetails {
  input: string;
  privateDir: string;
  patients: readonly {
    id: string;
    name: string;
    sources: readonly { path: string; files: number }[];
    link: { status: string; demographicsName?: string | undefined; score?: number | undefined };
  }[];
  /** Input files that were not anonymized (or not yet), with their input path. */
  files: readonly { input: string; outcome: string; reason: string; output: string }[];
  /** How many such files there are, when `files` holds only the first of them. */
  filesCount?: number;
}

type Json = Readonly<Record<string, unknown>>;

/**
 * Rows a page lists per table: a run of millions of files may flag or skip millions, and a page
 * is read by people. The counts above the tables are whole; report.json and files.csv list every file.
 */
export const PAGE_ROWS = 1000;

/** The files a page lists, chosen from report.json's `fileOutcomes` as they are read: the first few of each kind, and how many. */
export interface ReportLists {
  notAnonymized: { rows: Json[]; total: number };
  flagged: { rows: Json[]; total: number };
}

/** Gathers {@link ReportLists} from file outcomes given one at a time, in report.json's order. */
export function reportListsCollector(): { add(outcome: unknown): void; lists: ReportLists } {
  const lists: ReportLists = { notAnonymized: { rows: [], total: 0 }, flagged: { rows: [], total: 0 } };
  const keep = (list: { rows: Json[]; total: number }, file: Json) => {
    list.total += 1;
    if (list.rows.length < PAGE_ROWS) list.rows.push(file);
  };
  return {
    lists,
    add(outcome) {
      if (typeof outcome !== 'object' || outcome === null) return;
      const file = outcome as Json;
      if (file.outcome !== 'anonymized' && file.outcome !== 'unchanged') keep(lists.notAnonymized, file);
      if (Array.isArray(file.flags) && file.flags.length > 0) keep(lists.flagged, file);
    },
  };
}

/** The lists of a report held whole (`fileOutcomes` in it). */
export function reportLists(report: Json): ReportLists {
  const collector = reportListsCollector();
  for (const outcome of Array.isArray(report.fileOutcomes) ? (report.fileOutcomes as unknown[]) : []) collector.add(outcome);
  return collector.lists;
}

/** Fields drawn in their own sections; every other count map gets a table of its own. */
const OWN_SECTIONS = new Set(['files', 'riskFlags', 'options', 'fileOutcomes']);

const STATUS_WORDS: Record<string, string> = {
  complete: 'Complete: every DICOM file was anonymized and verified.',
  partial: 'Partial: some files were quarantined or skipped (listed below).',
  stopped: 'Stopped before the end: start the run again to finish it.',
  refused: 'Refused: nothing was written.',
};

/** A run stopped at a file it could not clean: running again stops there again. */
const STOPPED_AT_RESIDUE = 'Stopped at a file whose name could not be removed (listed below): running again stops there too; look at that element, or choose to quarantine such files and go on.';

const FIELD_WORDS: Record<string, string> = {
  nameReplacements: 'Values where a name or patient id was replaced, by attribute',
  valuesShortened: 'Values shortened so the id fits',
  patients: 'Patients',
  ambiguous: 'Ambiguous demographics links',
  missingDemographics: 'Patients without a demographics row',
};

/**
 * What a text drawn from report.json becomes on the page: itself, or nothing when the page's own
 * wording alone is drawn ({@link renderReportWording}).
 */
type Data = (text: string) => string;
const SHOWN: Data = (text) => text;
const LEFT_OUT: Data = () => '';

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A key of report.json in words: the page's own for known fields, else the key spelled out (report.json's text). */
function words(key: string, data: Data = SHOWN): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('-', ' ').toLowerCase();
  return FIELD_WORDS[key] ?? data(spaced.charAt(0).toUpperCase() + spaced.slice(1));
}

function isCountMap(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'number');
}

function isCountMatrix(value: unknown): value is Record<string, Record<string, number>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.values(value).every(isCountMap);
}

function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => String(v)).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function table(caption: string, headers: readonly string[], rows: readonly (readonly unknown[])[], numeric: ReadonlySet<number> = new Set()): string {
  if (rows.length === 0) return `<h3>${escapeHtml(caption)}</h3><p>None.</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((v, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell(v))}</th>` : `<td${numeric.has(i) ? ' class="n"' : ''}>${escapeHtml(cell(v))}</td>`)).join('')}</tr>`)
    .join('');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A table of at most {@link PAGE_ROWS} rows, saying how many more `where` lists. */
function boundedTable(caption: string, headers: readonly string[], rows: readonly (readonly unknown[])[], total: number, where: string): string {
  const more = total - rows.length;
  return `${table(caption, headers, rows.slice(0, PAGE_ROWS))}${more > 0 ? `<p>${escapeHtml(`${more} more not listed here: ${where} lists every one.`)}</p>` : ''}`;
}

function countTable(key: string, map: Record<string, number>, data: Data): string {
  const rows = Object.entries(map)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, count]) => [data(name), count]);
  return table(words(key, data), ['Attribute', 'Count'], rows, new Set([1]));
}

function matrixTable(key: string, matrix: Record<string, Record<string, number>>, data: Data): string {
  const columns = [...new Set(Object.values(matrix).flatMap((m) => Object.keys(m)))].sort();
  const rows = Object.entries(matrix)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, counts]) => [data(name), ...columns.map((c) => counts[c] ?? 0)]);
  return table(words(key, data), ['Attribute', ...columns.map((c) => words(c, data))], rows, new Set(columns.map((_, i) => i + 1)));
}

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d2430; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #c9d0da; } h3 { font-size: 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; } caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #c9d0da; padding: .25rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f3f5f8; } .status { font-weight: 600; } .warn { color: #8a5300; } .ok { color: #1e6b3a; } .private { border: 3px solid #a3262a; padding: .5rem 1rem; color: #a3262a; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
@media print { body { max-width: none; font-size: 11pt; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** The sections both pages share, drawn from report.json alone (its file lists as `lists`). */
function shareableSections(report: Json, lists: ReportLists, data: Data = SHOWN): string {
  const value = (v: unknown) => data(cell(v));
  const status = String(report.status ?? '');
  const options = (report.options ?? {}) as Json;
  const files = (isCountMap(report.files) ? report.files : {}) as Record<string, number>;
  const riskFlags = isCountMap(report.riskFlags) ? report.riskFlags : {};
  const written = numberOf(files.anonymized) + numberOf(files.unchanged);
  const quarantined = numberOf(files.quarantined);

  const numbers = Object.entries(report).filter(([key, value]) => typeof value === 'number' && !OWN_SECTIONS.has(key));
  const maps = Object.entries(report).filter(([key, value]) => !OWN_SECTIONS.has(key) && (isCountMap(value) || isCountMatrix(value)));
  // research is the profile when none is named (CONTRACT.md, --profile).
  const profile = options.profile ?? report.profile ?? 'research';

  return [
    `<p class="status ${status === 'complete' ? 'ok' : 'warn'}">${escapeHtml(status === 'stopped' && (files.quarantined ?? 0) > 0 ? STOPPED_AT_RESIDUE : (STATUS_WORDS[status] ?? data(status)))}</p>`,
    '<dl>',
    `<dt>Tool</dt><dd>dicomveil ${escapeHtml(value(report.version))}</dd>`,
    `<dt>Finished</dt><dd>${escapeHtml(value(report.finishedAt))}</dd>`,
    `<dt>Dataset</dt><dd>${escapeHtml(value(report.dataset))}</dd>`,
    `<dt>Profile</dt><dd>${escapeHtml(value(profile))}</dd>`,
    '</dl>',
    '<h2>Verification</h2>',
    `<p>Every file written was read back and searched for every patient's name and id before it was kept: ${escapeHtml(String(written))} file(s) passed${
      quarantined > 0 ? `, ${escapeHtml(String(quarantined))} did not and were set aside in the private folder, not in this dataset` : ''
    }.</p>`,
    '<h2>Counts</h2>',
    table('Totals', ['What', 'Count'], numbers.map(([key, count]) => [words(key, data), count]), new Set([1])),
    table('Files', ['Outcome', 'Files'], Object.entries(files).map(([key, count]) => [words(key, data), count]), new Set([1])),
    '<h2>Per attribute</h2>',
    maps.length === 0 ? '<p>None.</p>' : maps.map(([key, map]) => (isCountMap(map) ? countTable(key, map, data) : matrixTable(key, map as Record<string, Record<string, number>>, data))).join('\n'),
    '<h2>Options</h2>',
    table('Options of the run', ['Option', 'Value'], Object.entries(options).map(([key, option]) => [words(key, data), value(option)])),
    '<h2>Images to look at before sharing</h2>',
    '<p>Text drawn into the pixels cannot be searched: look at these files before sharing.</p>',
    table('Risk flags', ['Flag', 'Files'], Object.entries(riskFlags).map(([key, count]) => [words(key, data), count]), new Set([1])),
    boundedTable('Files with risk flags', ['File', 'Flags'], lists.flagged.rows.map((f) => [value(f.output ?? f.input), value(f.flags)]), lists.flagged.total, 'report.json'),
    '<h2>Files not anonymized</h2>',
    boundedTable('Files not anonymized, and why', ['File', 'Outcome', 'Reason'], lists.notAnonymized.rows.map((f) => [value(f.output ?? f.input), value(f.outcome), value(f.reason)]), lists.notAnonymized.total, 'report.json'),
  ].join('\n');
}

/**
 * report.html: shareable, from report.json alone (no names, no input paths). `lists` are its file
 * lists when report.json was read a file at a time (its `fileOutcomes` left out of `report`).
 */
export function renderReportHtml(report: Json, lists: ReportLists = reportLists(report)): string {
  return page('dicomveil report', ['<h1>dicomveil report</h1>', shareableSections(report, lists)].join('\n'));
}

/**
 * report.html's own wording for `report`: the page with every text that comes from report.json
 * left out. A name it holds is the page's word, not the patient's (a patient called Noto beside the
 * style sheet's "Noto Sans"), which is what `dicomveil verify` excuses in report.html.
 */
export function renderReportWording(report: Json, lists: ReportLists = reportLists(report)): string {
  return page('dicomveil report', ['<h1>dicomveil report</h1>', shareableSections(report, lists, LEFT_OUT)].join('\n'));
}

const LINK_WORDS: Record<string, string> = {
  linked: 'linked',
  manual: 'your choice',
  ambiguous: 'ambiguous (no row chosen)',
  missing: 'no matching row',
  none: 'no demographics file',
};

/** report-private.html: report.html plus names, input paths and link choices. Never to be shared. */
export function renderPrivateReportHtml(report: Json, details: PrivateReportDetails, lists: ReportLists = reportLists(report)): string {
  const patients = [...details.patients].sort((a, b) => (a.id < b.id ? -1 : 1));
  return page('dicomveil private report', [
    '<h1>dicomveil private report</h1>',
    '<p class="private">Private: this page names the patients and the input folders. Keep it in the private folder; never share it. Share report.html instead.</p>',
    '<dl>',
    `<dt>Input</dt><dd>${escapeHtml(details.input)}</dd>`,
    `<dt>Private folder</dt><dd>${escapeHtml(details.privateDir)}</dd>`,
    '</dl>',
    '<h2>Patients, names and links</h2>',
    table('Patients', ['Id', 'Name in the images', 'Demographics row', 'Link', 'Distance', 'Sources'], patients.map((p) => [
      p.id,
      p.name,
      p.link.demographicsName,
      LINK_WORDS[p.link.status] ?? p.link.status,
      p.link.score === undefined ? '' : p.link.score.toFixed(2),
      p.sources.map((s) => `${s.path} (${s.files})`),
    ])),
    table('Link choices made by hand', ['Id', 'Name in the images', 'Chosen row'], patients.filter((p) => p.link.status === 'manual').map((p) => [p.id, p.name, p.link.demographicsName || 'no demographics row'])),
    boundedTable('Input files not anonymized', ['Input file', 'Outcome', 'Reason', 'Where it went'], details.files.slice(0, PAGE_ROWS).map((f) => [f.input, f.outcome, f.reason, f.output]), details.filesCount ?? details.files.length, 'files.csv'),
    shareableSections(report, lists),
  ].join('\n'));
}
