/**
 * The folder browser: a modal dialog listing folder and file names from the local server. The
 * user can also type a path. Folders open on activation; in file mode a file is picked.
 */
import type { FolderListing } from '../server/browse.ts';
import { getJson } from './api.ts';
import { fill, h } from './dom.ts';

/** Asks the user for a folder or a file, starting near `start`; resolves undefined on Cancel. */
export function browse(kind: 'folder' | 'file', start: string, title: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const pathInput = h('input', { type: 'text', id: 'browse-path', autocomplete: 'off', spellcheck: 'false' });
    const status = h('p', { class: 'browse-status', role: 'status' });
    const list = h('ul', { class: 'browse-list', 'aria-label': 'Folder content' });
    const chooseHere = h('button', { type: 'button', class: 'primary' }, 'Choose this folder');
    const dialog = h('dialog', { class: 'browse', 'aria-labelledby': 'browse-title' });
    let current = '';
    // Only the latest listing asked for is shown, whatever order the answers come back in.
    let asked = 0;

    const finish = (value: string | undefined) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const show = async (path: string) => {
      asked += 1;
      const mine = asked;
      status.textContent = 'Reading…';
      try {
        const listing = await getJson<FolderListing>(`/api/browse?path=${encodeURIComponent(path)}`);
        if (mine !== asked) return;
        current = listing.path;
        pathInput.value = listing.path;
        const items = listing.entries
          .filter((entry) => entry.folder || kind === 'file')
          .map((entry) =>
            h('li', {}, h('button', {
              type: 'button',
              class: entry.folder ? 'entry folder' : 'entry file',
              onclick: () => (entry.folder ? void show(join(listing.path, entry.name)) : finish(join(listing.path, entry.name))),
            }, entry.name, entry.folder ? h('span', { 'aria-hidden': 'true' }, '/') : null, entry.folder ? h('span', { class: 'visually-hidden' }, ' (folder)') : null)),
          );
        const up = listing.parent === undefined ? null : h('li', {}, h('button', { type: 'button', class: 'entry up', onclick: () => void show(listing.parent ?? '') }, 'Up one folder (..)'));
        fill(list, up, items);
        status.textContent = `${items.length} ${kind === 'file' ? 'entries' : 'folders'}${listing.truncated ? ' (only the first ones are listed)' : ''}`;
        (list.querySelector('button') as HTMLButtonElement | null)?.focus();
      } catch (error) {
        if (mine === asked) status.textContent = error instanceof Error ? error.message : String(error);
      }
    };

    const form = h('form', { method: 'dialog', class: 'browse-go', onsubmit: (event: Event) => { event.preventDefault(); void show(pathInput.value); } },
      h('label', { for: 'browse-path' }, 'Folder'), pathInput, h('button', { type: 'submit' }, 'Go'));
    fill(dialog,
      h('h2', { id: 'browse-title' }, title),
      form, status, list,
      h('div', { class: 'actions' },
        kind === 'folder' ? chooseHere : null,
        h('button', { type: 'button', onclick: () => finish(undefined) }, 'Cancel')));
    chooseHere.addEventListener('click', () => finish(pathInput.value.trim() || current));
    // Typing a path drops a listing still on its way, which would overwrite what is typed.
    pathInput.addEventListener('input', () => {
      asked += 1;
      status.textContent = 'Press Enter to open the folder typed.';
    });
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(undefined); });
    document.body.append(dialog);
    dialog.showModal();
    void show(start);
  });
}

/** Joins a folder and a name with the folder's own separator (Windows paths stay Windows paths). */
function join(folder: string, name: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? folder + name : folder + separator + name;
}
