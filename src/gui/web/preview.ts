/**
 * The review of the dry-run plan: each patient with its sources, file counts, demographics link,
 * score, evidence and flags; the user confirms a link or a suggestion (shown pre-selected), picks
 * another row, or marks "no demographics row".
 */
import type { PlanPatient, RunPlan } from '../api-types.ts';
import { h } from './dom.ts';
import { profileTableView } from './profile-table.ts';
import { evidenceText, flagText, formatScore, isWarningFlag, plural } from './words.ts';

/** One saved choice: this DICOM name, that demographics name ('' for none). */
export interface LinkChoice {
  dicomName: string;
  demographicsName: string;
}

export interface PreviewView {
  element: HTMLElement;
  /** The rows the user confirmed or changed. */
  choices(): LinkChoice[];
  /** Ids of the ambiguous patients with no choice yet: a run must not pick for them. */
  unresolved(): string[];
}

const NONE = '__none';
/** In a large sheet, "another row" is typed (with suggestions) rather than picked from a list. */
const OTHER = '__other';
const ROW_NAMES_ID = 'demographics-row-names';
/** Beyond this many spreadsheet rows, or list entries in all, a select per patient lists only the closest ones. */
const MAX_ROWS_LISTED = 300;
const MAX_OPTIONS_ON_PAGE = 30_000;
/** A patient with more sources than this lists them folded, so one row stays one row. */
const MAX_SOURCES_SHOWN = 3;

/** Whether every row can be offered in every patient's list without making the page slow. */
function listsEveryRow(plan: RunPlan): boolean {
  const rows = plan.demographicsRows.length;
  return rows <= MAX_ROWS_LISTED && rows * plan.patients.length <= MAX_OPTIONS_ON_PAGE;
}

function linkText(p: PlanPatient): string {
  const score = p.link.score === undefined ? '' : ` (distance ${formatScore(p.link.score)})`;
  const evidence = p.link.evidence === undefined ? '' : ` — ${evidenceText(p.link.evidence)}`;
  switch (p.link.status) {
    case 'linked':
      return `${p.link.demographicsName ?? ''}${score}${evidence}`;
    case 'suggested':
      return `Suggested: ${p.link.demographicsName ?? ''} (row ${p.link.row ?? ''})${evidence}. Tick "Confirm" to apply it.`;
    case 'manual':
      return `${p.link.demographicsName || 'no demographics row'} (your choice)`;
    case 'ambiguous':
      return `Ambiguous: ${plural(p.candidates.length, 'row')} match equally`;
    case 'missing':
      return 'No matching row';
    default:
      return 'No demographics row';
  }
}

function initialValue(p: PlanPatient): string {
  // A suggestion comes pre-selected: one tick on "Confirm" applies it.
  if ((p.link.status === 'linked' || p.link.status === 'manual' || p.link.status === 'suggested') && p.link.row !== undefined) return String(p.link.row);
  if (p.link.status === 'manual' || p.link.status === 'none') return NONE;
  return '';
}

/** `1983-06-01` from `19830601`; other text as it is. */
function dateText(date: string): string {
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : date;
}

/** What a person is said to be besides a name (born …, sex, id), to set an image beside a row. */
function factsText(facts: { birthDate?: string | undefined; sex?: string | undefined; ids: readonly string[] }): string {
  return [facts.birthDate ? `born ${dateText(facts.birthDate)}` : 'birth date not given', facts.sex ? `sex ${facts.sex}` : '', ...facts.ids.map((id) => `id ${id}`)].filter(Boolean).join(', ');
}

/** A candidate row as the choice lists it: its own distance and what the row says of the person. */
function candidateText(c: PlanPatient['candidates'][number]): string {
  return `${c.name} (row ${c.row}, distance ${formatScore(c.score)}; ${factsText({ birthDate: c.birthDate, sex: c.sex, ids: c.id ? [c.id] : [] })})`;
}

function linkSelect(p: PlanPatient, plan: RunPlan, id: string, onChange: () => void): HTMLSelectElement {
  const candidateRows = new Set(p.candidates.map((c) => c.row));
  const others = listsEveryRow(plan) ? plan.demographicsRows.filter((r) => !candidateRows.has(r.row)) : [];
  const initial = initialValue(p);
  const linkedElsewhere = p.link.row !== undefined && !candidateRows.has(p.link.row) && !others.some((r) => r.row === p.link.row);
  const select = h('select', { id, 'data-patient': p.id, onchange: onChange },
    initial === '' ? h('option', { value: '' }, '— not linked —') : null,
    linkedElsewhere ? h('option', { value: String(p.link.row) }, `${p.link.demographicsName ?? ''} (row ${p.link.row})`) : null,
    p.candidates.length > 0
      ? h('optgroup', { label: 'Closest rows' }, p.candidates.map((c) => h('option', { value: String(c.row) }, candidateText(c))))
      : null,
    h('option', { value: NONE }, 'No demographics row'),
    listsEveryRow(plan) ? null : h('option', { value: OTHER }, 'Another row (type its name)…'),
    others.length > 0 ? h('optgroup', { label: 'Other rows' }, others.map((r) => h('option', { value: String(r.row) }, `${r.name} (row ${r.row})`))) : null);
  select.value = initial;
  return select;
}

function patientRow(p: PlanPatient, plan: RunPlan, index: number, picks: Map<string, () => LinkChoice | undefined>): HTMLTableRowElement {
  const files = p.sources.reduce((sum, s) => sum + s.files, 0);
  const selectId = `link-${index}`;
  const confirmId = `confirm-${index}`;
  const confirm = h('input', { type: 'checkbox', id: confirmId, 'data-patient': p.id });
  const hasRows = plan.demographicsRows.length > 0;
  const typedId = `typed-${index}`;
  const typed = h('input', { type: 'text', id: typedId, list: ROW_NAMES_ID, autocomplete: 'off', hidden: true });
  const typedLabel = h('label', { for: typedId, class: 'visually-hidden' }, `Name of the demographics row for ${p.id}`);
  const status = h('td', { 'data-label': 'Demographics link' }, linkText(p));
  const select = hasRows
    ? linkSelect(p, plan, selectId, () => {
        confirm.checked = select?.value !== '';
        typed.hidden = select?.value !== OTHER;
        if (!typed.hidden) typed.focus();
        // The row says what was chosen at once; it is kept once saved to links.csv.
        const chosen = select?.selectedOptions[0]?.textContent ?? '';
        status.textContent = select?.value === '' ? linkText(p) : `Your choice: ${chosen} (not saved yet: "Save link choices")`;
      })
    : undefined;
  picks.set(p.id, () => {
    if (select === undefined || !confirm.checked || select.value === '') return undefined;
    if (select.value === OTHER) {
      const named = plan.demographicsRows.find((r) => r.name === typed.value.trim());
      // A name that is no row's is not saved; the field says so to assistive technology too.
      if (named === undefined) typed.setAttribute('aria-invalid', 'true');
      else typed.removeAttribute('aria-invalid');
      return named === undefined ? undefined : { dicomName: p.name, demographicsName: named.name };
    }
    const row = plan.demographicsRows.find((r) => String(r.row) === select.value);
    return { dicomName: p.name, demographicsName: select.value === NONE ? '' : (row?.name ?? p.candidates.find((c) => String(c.row) === select.value)?.name ?? '') };
  });
  const needsLook = p.flags.some(isWarningFlag) || p.link.status === 'ambiguous' || p.link.status === 'missing' || p.link.status === 'suggested';
  const sources = h('ul', { class: 'plain' }, p.sources.map((s) => h('li', {}, `${s.path} — ${plural(s.files, 'file')}`)));
  return h('tr', { class: needsLook ? 'flagged' : undefined, 'data-id': p.id, 'data-name': p.name, 'data-files': String(files), 'data-flags': [...p.flags, `link-${p.link.status}`].join(' ') },
    h('th', { scope: 'row', 'data-label': 'Id' }, h('code', {}, p.id)),
    h('td', { 'data-label': 'Name in the images' }, p.name,
      p.spellings.length > 1 ? h('div', { class: 'small' }, `also: ${p.spellings.filter((s) => s !== p.name).join(', ')}`) : null,
      p.facts === undefined ? null : h('div', { class: 'small facts' }, factsText({ birthDate: p.facts.birthDate, sex: p.facts.sex, ids: p.facts.patientIds }))),
    h('td', { 'data-label': 'Sources' }, p.sources.length > MAX_SOURCES_SHOWN ? h('details', {}, h('summary', {}, plural(p.sources.length, 'source')), sources) : sources),
    h('td', { class: 'number', 'data-label': 'Files' }, String(files)),
    status,
    h('td', { 'data-label': 'Flags' }, p.flags.length === 0 ? '—' : h('ul', { class: 'flags' }, p.flags.map((f) => h('li', { class: isWarningFlag(f) ? 'flag warn' : 'flag' }, flagText(f))))),
    h('td', { 'data-label': 'Your choice' }, select === undefined ? 'no demographics file' : h('div', { class: 'link-choice' },
      h('label', { for: selectId, class: 'visually-hidden' }, `Demographics row for ${p.id}`), select, typedLabel, typed,
      h('span', { class: 'confirm' }, confirm, h('label', { for: confirmId, title: 'Keep this choice: saved to links.csv and used by every later run' }, ' Confirm (keep this choice)')))));
}

/** Draws the plan; `choices()` reads what the user confirmed or changed. */
export function renderPreview(plan: RunPlan): PreviewView {
  const picks = new Map<string, () => LinkChoice | undefined>();
  const files = plan.patients.reduce((sum, p) => sum + p.sources.reduce((s, x) => s + x.files, 0), 0);
  const count = (status: string) => plan.patients.filter((p) => p.link.status === status).length;
  const element = h('div', {},
    h('p', { class: 'lead' },
      `${plural(plan.patients.length, 'patient')}, ${plural(files, 'DICOM file')}. `,
      plan.demographicsRows.length > 0 ? `${count('linked') + count('manual')} linked, ${count('suggested')} suggested, ${count('ambiguous')} ambiguous, ${count('missing')} missing from the demographics.` : 'No demographics file.'),
    plan.warnings.length > 0 ? h('ul', { class: 'warnings' }, plan.warnings.map((w) => h('li', {}, w))) : null,
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Patients found' },
      h('table', { id: 'plan-table', class: 'cards' },
        h('caption', {}, 'Patients found in the input'),
        h('thead', {}, h('tr', {}, ['Id', 'Name in the images', 'Sources', 'Files', 'Demographics link', 'Flags', 'Your choice'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, plan.patients.map((p, i) => patientRow(p, plan, i, picks))))),
    plan.demographicsRows.length > 0 && !listsEveryRow(plan)
      ? h('datalist', { id: ROW_NAMES_ID }, [...new Set(plan.demographicsRows.map((r) => r.name))].map((name) => h('option', { value: name })))
      : null,
    plan.ignored.length > 0
      ? h('details', {}, h('summary', {}, `${plural(plan.ignored.length, 'file')} ignored (not DICOM, or excluded)`),
          h('ul', {}, plan.ignored.map((i) => h('li', {}, h('code', {}, i.path), ` — ${i.reason}`))))
      : null,
    plan.profile ? profileTableView(plan.profile, 'profile-table') : null);
  return {
    element,
    choices: () => [...picks.values()].map((pick) => pick()).filter((c): c is LinkChoice => c !== undefined),
    unresolved: () => plan.patients.filter((p) => p.link.status === 'ambiguous' && picks.get(p.id)?.() === undefined).map((p) => p.id),
  };
}
