/**
 * "What changed in a file": pick a file of the last run's output, see each attribute that differs
 * from its input (before, after), removed and added ones marked. Names show here: the page is
 * local, like the private report.
 */
import type { ChangedFilesAnswer, FileChangesAnswer } from '../api-types.ts';
import { ApiError, getJson } from './api.ts';
import { h, fill } from './dom.ts';
import { plural } from './words.ts';

const CHANGE_WORDS = { changed: 'Changed', removed: 'Removed', added: 'Added' } as const;

function changesTable(answer: FileChangesAnswer): HTMLElement {
  if (answer.changes.length === 0) return h('p', {}, 'No attribute differs from the input.');
  const headers = ['Attribute', 'Tag path', 'Change', 'Before', 'After'];
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Changes in ${answer.path}` },
    h('table', { id: 'changes-table', class: 'cards' },
      h('caption', { class: 'visually-hidden' }, `Attributes of ${answer.path} that differ from its input`),
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, answer.changes.map((c) => h('tr', { class: `change-${c.change}` },
        h('th', { scope: 'row', 'data-label': headers[0] }, c.keyword || 'unknown'),
        h('td', { 'data-label': headers[1] }, h('code', {}, c.path)),
        h('td', { 'data-label': headers[2] }, CHANGE_WORDS[c.change]),
        h('td', { 'data-label': headers[3] }, c.before),
        h('td', { 'data-label': headers[4] }, c.after))))));
}

/** The section; it fills its file list once it is on the page. */
export function changesSection(): HTMLElement {
  const select = h('select', { id: 'changes-file', disabled: true }, h('option', { value: '' }, 'Loading the list of files…'));
  const status = h('p', { id: 'changes-status', role: 'status', class: 'small' });
  const view = h('div', { id: 'changes-view' });
  const show = async (): Promise<void> => {
    if (select.value === '') return;
    status.textContent = 'Reading both files…';
    try {
      const answer = await getJson<FileChangesAnswer>(`/api/changes?path=${encodeURIComponent(select.value)}`);
      status.textContent = `${answer.path}: ${plural(answer.changes.length, 'attribute')} changed, removed or added, against the input ${answer.input}.`;
      fill(view, changesTable(answer));
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
      fill(view);
    }
  };
  const button = h('button', { type: 'button', id: 'changes-show', disabled: true, onclick: () => void show() }, 'Show changes');
  void getJson<ChangedFilesAnswer>('/api/changed-files').then((answer) => {
    if (answer.files.length === 0) {
      fill(select, h('option', { value: '' }, 'No file was written.'));
      return;
    }
    fill(select, answer.files.map((path) => h('option', { value: path }, path)));
    select.disabled = false;
    button.disabled = false;
    if (answer.total > answer.files.length) status.textContent = `The first ${answer.files.length} of ${answer.total} files are listed.`;
  }, (error: unknown) => {
    fill(select, h('option', { value: '' }, 'No list of files.'));
    status.textContent = error instanceof ApiError ? error.message : String(error);
  });
  return h('section', { class: 'changes', 'aria-labelledby': 'changes-title' },
    h('h3', { id: 'changes-title' }, 'What changed in a file'),
    h('p', {}, 'Compare a written file with its input: each attribute that was changed, removed or added.'),
    h('div', { class: 'actions' }, h('label', { for: 'changes-file' }, 'File in the output'), select, button),
    status, view);
}
