/**
 * The review at scale: a long plan table is shown a page at a time, can be narrowed to the rows
 * that need a look (or one flag, or one link status) and sorted. Rows are moved and hidden, never
 * redrawn, so the choices made in them stay.
 */
import { h } from './dom.ts';
import { flagText } from './words.ts';

/** Rows on one page of the review. */
export const PAGE_SIZE = 50;
/** Fewer rows than this need no paging, filter or sort. */
const CONTROLS_FROM = 20;

const LINK_WORDS: Record<string, string> = {
  'link-ambiguous': 'Ambiguous link',
  'link-missing': 'No matching row',
  'link-manual': 'Your choice',
  'link-linked': 'Linked',
};

export interface ReviewTable {
  /** The controls to put above the table (empty for a short table). */
  controls: HTMLElement;
  /** Brings a patient's row into view whatever the filter and page, e.g. to focus its choice. */
  showRow(id: string): void;
}

/** Adds paging, a filter and a sort to the plan table `table`. */
export function enhanceReview(table: HTMLTableElement): ReviewTable {
  const body = table.tBodies[0];
  const rows = body === undefined ? [] : Array.from(body.rows);
  if (body === undefined || rows.length < CONTROLS_FROM) return { controls: h('div', {}), showRow: () => {} };
  const flagsOf = (row: HTMLTableRowElement) => (row.dataset.flags ?? '').split(' ').filter((f) => f !== '');
  const codes = [...new Set(rows.flatMap(flagsOf))].sort();

  const filter = h('select', { id: 'review-filter' },
    h('option', { value: '' }, `All patients (${rows.length})`),
    h('option', { value: 'flagged' }, `Needs a look (${rows.filter((r) => r.classList.contains('flagged')).length})`),
    codes.map((code) => h('option', { value: code }, `${LINK_WORDS[code] ?? flagText(code)} (${rows.filter((r) => flagsOf(r).includes(code)).length})`)));
  const sort = h('select', { id: 'review-sort' },
    h('option', { value: 'id' }, 'Id'),
    h('option', { value: 'name' }, 'Name in the images'),
    h('option', { value: 'files' }, 'Most files first'),
    h('option', { value: 'flagged' }, 'Needs a look first'));
  const previous = h('button', { type: 'button', id: 'review-previous' }, 'Previous page');
  const next = h('button', { type: 'button', id: 'review-next' }, 'Next page');
  const status = h('p', { id: 'review-page', role: 'status' });
  let page = 0;
  let pinned: string | undefined;

  const compare: Record<string, (a: HTMLTableRowElement, b: HTMLTableRowElement) => number> = {
    id: (a, b) => (a.dataset.id ?? '').localeCompare(b.dataset.id ?? ''),
    name: (a, b) => (a.dataset.name ?? '').localeCompare(b.dataset.name ?? ''),
    files: (a, b) => Number(b.dataset.files) - Number(a.dataset.files),
    flagged: (a, b) => Number(b.classList.contains('flagged')) - Number(a.classList.contains('flagged')),
  };
  /** Shows the current page; returns every row the filter keeps, in order. */
  const draw = (): HTMLTableRowElement[] => {
    const wanted = filter.value;
    const shown = rows
      .filter((r) => r.dataset.id === pinned || wanted === '' || (wanted === 'flagged' ? r.classList.contains('flagged') : flagsOf(r).includes(wanted)))
      .sort((a, b) => (compare[sort.value] ?? compare.id)?.(a, b) || (a.dataset.id ?? '').localeCompare(b.dataset.id ?? ''));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const from = page * PAGE_SIZE;
    const visible = new Set(shown.slice(from, from + PAGE_SIZE));
    for (const row of shown) body.append(row);
    for (const row of rows) row.hidden = !visible.has(row);
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    status.textContent = shown.length === 0
      ? 'No patient matches this filter.'
      : `Patients ${from + 1}–${from + visible.size} of ${shown.length}${shown.length < rows.length ? ` (of ${rows.length} in all)` : ''}, page ${page + 1} of ${pages}.`;
    return shown;
  };
  filter.addEventListener('change', () => {
    page = 0;
    pinned = undefined;
    draw();
  });
  sort.addEventListener('change', () => {
    page = 0;
    draw();
  });
  previous.addEventListener('click', () => {
    page -= 1;
    draw();
  });
  next.addEventListener('click', () => {
    page += 1;
    draw();
  });
  draw();

  const controls = h('div', { class: 'review-controls' },
    h('div', { class: 'control-row' },
      h('label', { for: 'review-filter' }, 'Show'), filter,
      h('label', { for: 'review-sort' }, 'Sort by'), sort),
    h('div', { class: 'actions' }, previous, next), status);
  return {
    controls,
    showRow(id) {
      const row = rows.find((r) => r.dataset.id === id);
      if (row === undefined) return;
      // Kept through the filter until the filter changes, and shown on its page.
      pinned = id;
      page = Math.floor(draw().indexOf(row) / PAGE_SIZE);
      draw();
    },
  };
}
