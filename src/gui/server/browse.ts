/**
 * The folder browser behind the page's "Browse…" buttons: lists the NAMES of a folder's entries
 * and whether each is a folder. It never opens a file, so no file content can reach the page.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, parse, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';

/** One entry of a listing: a name and its kind, nothing read from inside it. */
export interface FolderEntry {
  name: string;
  folder: boolean;
}

export interface FolderListing {
  /** The absolute folder listed. */
  path: string;
  /** Its parent, or undefined at a root. */
  parent: string | undefined;
  entries: FolderEntry[];
  /** True when the folder held more entries than were listed. */
  truncated: boolean;
}

/** A listing of a folder with tens of thousands of files is no help to a person choosing one. */
export const MAX_ENTRIES = 5000;

async function isFolder(base: string, entry: Dirent): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  // A link to a folder is browsed like a folder; a broken link is listed as a file.
  try {
    return (await stat(resolve(base, entry.name))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Lists `path` (absolute, or relative to the home folder; empty means the home folder).
 * Folders come first, then files, each sorted by name.
 * @throws UsageError when the path is not a readable folder.
 */
export async function listFolder(path: string): Promise<FolderListing> {
  const trimmed = path.trim();
  let folder = trimmed === '' ? homedir() : isAbsolute(trimmed) ? resolve(trimmed) : resolve(homedir(), trimmed);
  // A file's path (a chosen spreadsheet, say) opens the folder that holds it.
  if (await stat(folder).then((s) => s.isFile(), () => false)) folder = dirname(folder);
  let dirents: Dirent[];
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : 'cannot be read';
    throw new UsageError('E_BROWSE', `${folder} ${why}`, { file: folder }, { cause: error });
  }
  const truncated = dirents.length > MAX_ENTRIES;
  dirents.sort((a, b) => a.name.localeCompare(b.name));
  const entries = await Promise.all(
    dirents.slice(0, MAX_ENTRIES).map(async (entry) => ({ name: entry.name, folder: await isFolder(folder, entry) })),
  );
  entries.sort((a, b) => (a.folder === b.folder ? a.name.localeCompare(b.name) : a.folder ? -1 : 1));
  const root = parse(folder).root;
  return { path: folder, parent: folder === root ? undefined : dirname(folder), entries, truncated };
}
