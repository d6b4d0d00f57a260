/**
 * Walks a folder of the input in name order without ever following a symbolic link (a link out
 * of the input would leak foreign files into the dataset, a link inside would read files twice,
 * a loop would never end) and without opening anything that is not a regular file.
 * The calls are synchronous on purpose: each takes microseconds, less than a promise's round
 * trip through the thread pool.
 */
import { accessSync, constants, lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import { relative, sep } from 'node:path';
import { fsPath, nameFromBytes, readableName } from './fs-names.ts';
import { isZipName } from './names.ts';
import { diskRef } from './refs.ts';
import type { SourceItem } from './types.ts';
import { fileEntry, newBudget, problem, type WalkContext, walkNestedZip } from './zip-walk.ts';

/** Name order independent of the file system and the locale: UTF-16 code units. */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function errnoText(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** Where a symbolic link points, said without following it for reading. */
export function describeLink(root: string, path: string | Buffer): string {
  try {
    const target = realpathSync(path);
    const rel = relative(root, target);
    const inside = rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep);
    return inside ? 'symbolic link to a file inside the input, not followed (its target is read where it is)' : 'symbolic link out of the input, not followed';
  } catch (error) {
    return errnoText(error) === 'ELOOP' ? 'symbolic link loop, not followed' : 'broken symbolic link, not followed';
  }
}

/** What kind of non-regular, non-folder thing a stat describes. */
export function specialKind(stats: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string | undefined {
  if (stats.isFIFO()) return 'named pipe (FIFO)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return undefined;
}

/**
 * One file of the input (`relRef` relative to the root): an entry, the entries of a zip, or a
 * problem. `stats` are its lstat.
 */
export async function* diskFileItems(context: WalkContext, relRef: string, outPath: string, stats: Stats): AsyncGenerator<SourceItem> {
  const ref = diskRef(relRef);
  const path = fsPath(context.opener.root, relRef);
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    yield problem(ref, 'unreadable', `cannot be read (${errnoText(error)})`);
    return;
  }
  if (isZipName(relRef)) yield* walkNestedZip(context, ref, outPath, newBudget(context));
  else yield fileEntry(context, ref, outPath, stats.size);
}

/** Every item under the folder `relDir` (relative to the root), depth first, in name order. */
export async function* walkFolder(context: WalkContext, relDir: string, outPrefix: string, seen = new Set<string>()): AsyncGenerator<SourceItem> {
  const root = context.opener.root;
  const dirPath = fsPath(root, relDir);
  let dirents: { name: string }[];
  try {
    const stats = lstatSync(dirPath);
    const id = `${stats.dev}:${stats.ino}`;
    // Bind mounts can loop without any symbolic link.
    if (seen.has(id)) {
      yield problem(`${diskRef(relDir)}/`, 'symlink', 'folder seen twice (a mount loop), not read again');
      return;
    }
    seen.add(id);
    // As bytes: a name that is not UTF-8 would come back lossily decoded, a path that does not open.
    dirents = readdirSync(dirPath, { encoding: 'buffer' }).map((raw) => ({ name: nameFromBytes(raw) }));
  } catch (error) {
    yield problem(`${diskRef(relDir)}/`, 'unreadable', `folder cannot be read (${errnoText(error)})`);
    return;
  }
  dirents.sort(byName);
  for (const dirent of dirents) {
    const relRef = `${relDir}/${dirent.name}`;
    const outPath = `${outPrefix}${readableName(dirent.name)}`;
    const path = fsPath(root, relRef);
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch (error) {
      yield problem(diskRef(relRef), 'unreadable', `vanished or cannot be read (${errnoText(error)})`);
      continue;
    }
    if (stats.isSymbolicLink()) yield problem(diskRef(relRef), 'symlink', describeLink(root, path));
    else if (stats.isDirectory()) yield* walkFolder(context, relRef, `${outPath}/`, seen);
    else if (stats.isFile()) yield* diskFileItems(context, relRef, outPath, stats);
    else yield problem(diskRef(relRef), 'special-file', `${specialKind(stats) ?? 'special file'}, not opened`);
  }
}
