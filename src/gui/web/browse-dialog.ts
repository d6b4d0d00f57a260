/**
 * The folder browser: a modal dialog listing folder and file names from the local server. The
 * user can also type a path. Folders open on activation; in file mode a file is picked.
 */
import type { FolderListing } from '../server/browse.ts';
import { getJson } from './api.ts';
import { fill, h } from './dom.ts';

/** What a folder picker offers besides folders. */
export interface BrowseExtras {
  /** Zip files are listed and can be chosen (a single zip is a valid input). */
  zips?: boolean;
  /** A name can be typed for a folder that does not exist yet (the run creates it). */
  newFolder?: boolean;
}

/** The path last chosen in any picker: the next picker with an empty field starts beside it. */
let lastChosen = '';

/**
 * Asks the user for a folder or a file, starting beside `start` (else beside the last path chosen,
 * else the home folder); resolves undefined on Cancel.
 */
export function browse(kind: 'folder' | 'file', start: string, title: string, extras: BrowseExtras = {}): Promise<string | undefined> {
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
      if (value !== undefined) lastChosen = value;
      resolve(value);
    };
    const pickable = (entry: { name: string; folder: boolean }) => entry.folder || kind === 'file' || (extras.zips === true && /\.zip$/i.test(entry.name));
    /** `nearest`: a path that does not exist (yet) opens its nearest existing folder. */
    const show = async (path: string, nearest = false) => {
      asked += 1;
      const mine = asked;
      status.textContent = 'Reading…';
      try {
        const listing = await getJson<FolderListing>(`/api/browse?path=${encodeURIComponent(path)}`);
        if (mine !== asked) return;
        current = listing.path;
        pathInput.value = listing.path;
        const items = listing.entries
          .filter(pickable)
          .map((entry) =>
            h('li', {}, h('button', {
              type: 'button',
              class: entry.folder ? 'entry folder' : 'entry file',
              onclick: () => (entry.folder ? void show(join(listing.path, entry.name)) : finish(join(listing.path, entry.name))),
            }, entry.name, entry.folder ? h('span', { 'aria-hidden': 'true' }, '/') : null, entry.folder ? h('span', { class: 'visually-hidden' }, ' (folder)') : null)),
          );
        const up = listing.parent === undefined ? null : h('li', {}, h('button', { type: 'button', class: 'entry up', onclick: () => void show(listing.parent ?? '') }, 'Up one folder (..)'));
        fill(list, up, items);
        const noun = kind === 'file' || extras.zips === true ? 'entries' : 'folders';
        status.textContent = `${items.length} ${noun}${listing.truncated ? ' (only the first ones are listed)' : ''}`;
        (list.querySelector('button') as HTMLButtonElement | null)?.focus();
      } catch (error) {
        if (mine !== asked) return;
        const up = parentOf(path);
        if (nearest && up !== path) return show(up, true);
        status.textContent = error instanceof Error ? error.message : String(error);
      }
    };

    const form = h('form', { method: 'dialog', class: 'browse-go', onsubmit: (event: Event) => { event.preventDefault(); void show(pathInput.value); } },
      h('label', { for: 'browse-path' }, 'Folder'), pathInput, h('button', { type: 'submit' }, 'Go'));
    const newName = h('input', { type: 'text', id: 'browse-new-name', autocomplete: 'off', spellcheck: 'false' });
    const newFolder = extras.newFolder === true
      ? h('form', { method: 'dialog', class: 'browse-go', onsubmit: (event: Event) => {
          event.preventDefault();
          const name = newName.value.trim();
          if (name === '' || /[\\/]/.test(name)) {
            status.textContent = 'Type a name for the new folder (no slashes).';
            newName.focus();
          } else finish(join(pathInput.value.trim() || current, name));
        } },
        h('label', { for: 'browse-new-name' }, 'New folder here, named'), newName, h('button', { type: 'submit' }, 'Choose new folder'),
        h('p', { class: 'help' }, 'Nothing is created now: the run creates the folder.'))
      : null;
    fill(dialog,
      h('h2', { id: 'browse-title' }, title),
      form, status, list, newFolder,
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
    const from = start.trim() !== '' ? start.trim() : lastChosen;
    void show(from === '' ? '' : parentOf(from), true);
  });
}

/** The folder holding `path` (itself at a root). */
function parentOf(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return path;
  return cut === 0 ? trimmed.slice(0, 1) : /^[A-Za-z]:$/.test(trimmed.slice(0, cut)) ? trimmed.slice(0, cut + 1) : trimmed.slice(0, cut);
}

/** Joins a folder and a name with the folder's own separator (Windows paths stay Windows paths). */
function join(folder: string, name: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? folder + name : folder + separator + name;
}
