/**
 * The "After" view: what happened, the patients table (id, files, link), who is missing from the
 * demographics, files not anonymized and why, images to look at, and for a residue what to do.
 */
import type { ResultAnswer, RunSummary } from '../api-types.ts';
import { postJson } from './api.ts';
import { changesSection } from './changes.ts';
import { thumbnails } from './thumbnails.ts';
import { h } from './dom.ts';
import { plainWords } from './plain-words.ts';
import { flagText, plural, reasonText } from './words.ts';

function headline(summary: RunSummary): HTMLElement {
  const f = summary.files;
  switch (summary.status) {
    case 'complete':
      return h('p', { class: `status ${summary.exitCode === 0 ? 'ok' : 'warn'}` },
        summary.exitCode === 3 ? 'Finished, but some files that look like DICOM were corrupt and skipped (listed below).' : 'Finished: every DICOM file was anonymized and verified.');
    case 'stopped':
      return h('p', { class: 'status warn' }, summary.residue === undefined
        ? 'Stopped. What was written is safe; start again with the same folders to resume where it stopped.'
        : 'Stopped: a name could not be removed from one file (see below). What was written is safe.');
    case 'partial':
      return h('p', { class: 'status warn' }, `Finished with problems: ${plural(f.quarantined, 'file')} quarantined, ${plural(f.skipped, 'file')} skipped.`);
    default:
      return h('p', { class: 'status error' }, `Refused: ${plainWords(summary.error ?? 'nothing was written.')}`);
  }
}

function residue(summary: RunSummary): HTMLElement | null {
  const r = summary.residue;
  if (r === undefined) return null;
  return h('section', { class: 'residue', 'aria-labelledby': 'residue-title' },
    h('h3', { id: 'residue-title' }, r.quarantine === undefined ? 'The run stopped: a name could not be removed' : 'A file was quarantined: a name could not be removed'),
    h('dl', {},
      h('dt', {}, 'Input file'), h('dd', {}, h('code', {}, r.input)),
      h('dt', {}, 'Element'), h('dd', {}, h('code', {}, r.element)),
      r.quarantine === undefined ? null : [h('dt', {}, 'Quarantined copy (private folder)'), h('dd', {}, h('code', {}, r.quarantine))]),
    h('p', {}, 'This file was not written to the output, which holds no trace of the name. What to do: look at this element in the file; '
      + 'remove the file from the input, or add the element to "Remove", or choose "quarantine" under "On residue" to set such files aside and go on. '
      + 'Then press Start again: the run resumes.'));
}

function table(id: string, caption: string, headers: string[], rows: (string | Node)[][]): HTMLElement {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { id, class: 'cards' }, h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', 'data-label': headers[i] } : { 'data-label': headers[i] }, c)))))));
}

function openButton(which: 'output' | 'private', label: string, status: HTMLElement): HTMLButtonElement {
  return h('button', { type: 'button', onclick: async () => {
    const answer = await postJson<{ opened: boolean; folder: string }>('/api/open', { which });
    status.textContent = answer.opened ? `Opened ${answer.folder}` : `Could not open a file manager; the folder is ${answer.folder}`;
  } }, label);
}

/** Draws the result of a finished run. */
export function renderResult(result: ResultAnswer): HTMLElement {
  const { summary } = result;
  const f = summary.files;
  const openStatus = h('p', { role: 'status', class: 'small' });
  return h('div', { id: 'result' },
    headline(summary),
    residue(summary),
    h('dl', { class: 'counts' },
      ...([['Patients', summary.patients], ['Ambiguous links', summary.ambiguous], ['Files anonymized', f.anonymized], ['Already done (unchanged)', f.unchanged],
        ['Ignored (not DICOM)', f.ignored], ['Skipped (corrupt)', f.skipped], ['Quarantined', f.quarantined]] as const)
        .flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, String(value))])),
    h('p', {}, 'Output (to share): ', h('code', {}, summary.output), h('br'), 'Private folder (keep, never share): ', h('code', {}, summary.privateDir)),
    h('div', { class: 'actions' }, openButton('output', 'Open output folder', openStatus), openButton('private', 'Open private folder', openStatus)),
    summary.status === 'refused'
      ? null
      : h('p', { class: 'reports' },
          h('a', { id: 'report-link', href: '/reports/report.html', target: '_blank', rel: 'noopener' }, 'Report to share (report.html)'), ' — no names, no paths. ',
          h('a', { id: 'private-report-link', href: '/reports/report-private.html', target: '_blank', rel: 'noopener' }, 'Private report (report-private.html)'), ' — with names and folders; never share it.'),
    openStatus,
    h('h3', {}, 'Patients'),
    result.patients.length === 0 ? h('p', {}, 'None.') : table('result-patients', 'Patients', ['Id', 'Name', 'Files', 'Demographics link', 'Name distance'], result.patients.map((p) => [h('code', {}, p.id), p.name, String(p.files), p.link, p.score])),
    h('h3', {}, 'Missing from the demographics'),
    result.missing.length === 0
      ? h('p', {}, 'None.')
      : result.missing.every((m) => m.reason === 'no_demographics')
        ? h('p', {}, 'No demographics file was given.')
        : h('ul', { id: 'missing-list' }, result.missing.map((m) => h('li', {}, h('code', {}, m.id), ` ${m.name}`, m.reason ? ` — ${reasonText(m.reason)}` : ''))),
    h('h3', {}, 'Images to look at before sharing'),
    result.risks.length === 0
      ? h('p', {}, 'No risk flags.')
      : [h('p', {}, 'A byte search cannot see text drawn into the pixels. Look at these patients\u2019 images before sharing:'),
          h('ul', { id: 'risk-list' }, result.risks.map((r) => h('li', {}, h('code', {}, r.id), ` — ${r.flags.map(flagText).join(', ')}`))),
          result.flaggedFiles.length === 0 ? null : thumbnails(result.flaggedFiles)],
    h('h3', {}, 'Files not anonymized'),
    result.files.length === 0 ? h('p', {}, 'None.') : table('result-files', 'Files not anonymized', ['File', 'Outcome', 'Reason'], result.files.map((n) => [h('code', {}, n.path), n.outcome, n.reason])),
    summary.status === 'refused' ? null : changesSection(),
    result.warnings.length > 0 ? [h('h3', {}, 'Warnings'), h('ul', {}, result.warnings.map((w) => h('li', {}, w)))] : null);
}
