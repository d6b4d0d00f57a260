/**
 * The input as sources: each top-level folder or zip of the input folder is one, the loose files
 * beside them form one together; a single zip given as the input is read as the folder it holds.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { EntryOpener, type OpenZip } from './entry-opener.ts';
import { fsPath, nameFromBytes, readableName } from './fs-names.ts';
import { byName, describeLink, diskFileItems, specialKind, walkFolder } from './disk-walk.ts';
import { isZipName, UniquePaths } from './names.ts';
import { diskRef, zipEntryRef } from './refs.ts';
import type { InputProblem, Source, SourceItem, SourceOptions } from './types.ts';
import type { ZipItem } from './zip-directory.ts';
import { newBudget, openZipOrReport, problem, type WalkContext, walkNestedZip, walkZipItems } from './zip-walk.ts';

/** The input, split into sources. */
export interface DiscoveredInput {
  /** The folder every ref is relative to: the input folder, or the folder holding a zip input. */
  readonly root: string;
  readonly sources: readonly Source[];
  /** Top-level items that are no source (links, pipes, unreadable or corrupt zips). */
  readonly problems: readonly InputProblem[];
  /** The opener the sources' entries use; close it when the run is done. */
  readonly opener: EntryOpener;
}

type Plan =
  | { type: 'folder'; relDir: string }
  | { type: 'zip'; zipRef: string }
  | { type: 'loose'; files: { name: string; stats: Stats }[] }
  | { type: 'zip-part'; zip: OpenZip; items: ZipItem[]; strip: string };

const plans = new WeakMap<Source, { plan: Plan; opener: EntryOpener }>();

function makeSource(name: string, kind: Source['kind'], ref: string, plan: Plan, opener: EntryOpener): Source {
  const source: Source = { name, kind, ref };
  plans.set(source, { plan, opener });
  return source;
}

/**
 * Finds the sources of `inputPath` (a folder, or a single `.zip`). Only an input that cannot be
 * used at all throws ({@link UsageError}: missing, unreadable, neither folder nor zip); anything
 * wrong inside it becomes a problem.
 */
export async function discoverSources(inputPath: string, options: SourceOptions = {}): Promise<DiscoveredInput> {
  let real: string;
  let stats: Stats;
  try {
    real = await realpath(inputPath);
    stats = await stat(real);
  } catch (error) {
    throw new UsageError('input-missing', `<input>: ${inputPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`, { file: inputPath });
  }
  if (stats.isFile() && isZipName(real)) return discoverZipInput(real, options);
  if (!stats.isDirectory()) throw new UsageError('input-kind', `<input>: ${inputPath} is neither a folder nor a .zip`, { file: inputPath });
  const opener = new EntryOpener(real, options);
  let names: string[];
  try {
    // As bytes: a name that is not UTF-8 would come back lossily decoded, a path that does not open.
    names = (await readdir(real, { encoding: 'buffer' })).map(nameFromBytes).sort((a, b) => byName({ name: a }, { name: b }));
  } catch (error) {
    throw new UsageError('input-unreadable', `<input>: ${inputPath} cannot be listed (${(error as NodeJS.ErrnoException).code ?? error})`, { file: inputPath });
  }
  const sources: Source[] = [];
  const problems: InputProblem[] = [];
  const loose: { name: string; stats: Stats }[] = [];
  const sourceName = uniqueSourceNames();
  for (const name of names) {
    const path = fsPath(real, name);
    let item: Stats;
    try {
      item = await lstat(path);
    } catch (error) {
      problems.push(problem(diskRef(name), 'unreadable', `vanished or cannot be read (${(error as NodeJS.ErrnoException).code})`));
      continue;
    }
    if (item.isSymbolicLink()) problems.push(problem(diskRef(name), 'symlink', describeLink(real, path)));
    else if (item.isDirectory()) sources.push(makeSource(sourceName(readableName(name)), 'folder', `${diskRef(name)}/`, { type: 'folder', relDir: name }, opener));
    else if (item.isFile() && isZipName(name)) sources.push(makeSource(sourceName(readableName(name)), 'zip', `${diskRef(name)}!`, { type: 'zip', zipRef: diskRef(name) }, opener));
    else if (item.isFile()) loose.push({ name, stats: item });
    else problems.push(problem(diskRef(name), 'special-file', `${specialKind(item) ?? 'special file'}, not opened`));
  }
  if (loose.length > 0) sources.unshift(makeSource('', 'loose', '', { type: 'loose', files: loose }, opener));
  return { root: real, sources, problems, opener };
}

/**
 * Names sources apart: folders whose names are different bytes can read alike (`M\xFCller` in
 * Windows-1252, `M\x81ller` in CP437 and the UTF-8 `Müller` are all `Müller`), and one name would
 * make them one source, their sessions merged and their files apart in ref order. A name met
 * again takes `_2`, `_3`… (before a `.zip`).
 */
function uniqueSourceNames(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    const dot = isZipName(name) ? name.length - 4 : name.length;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name.slice(0, dot)}_${n}${name.slice(dot)}`;
    taken.add(unique);
    return unique;
  };
}

function firstSegment(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * A zip given as the input: read as the folder it holds. A zip of one folder (what "compress"
 * makes of a dataset folder) is unwrapped first, once, so `data.zip` holding `data/P1/…` gives
 * source `P1`.
 */
async function discoverZipInput(zipPath: string, options: SourceOptions): Promise<DiscoveredInput> {
  const root = dirname(zipPath);
  const opener = new EntryOpener(root, options);
  const zipRef = diskRef(basename(zipPath));
  const context: WalkContext = { opener, source: '', unique: new UniquePaths() };
  const { zip, problems } = await openZipOrReport(context, zipRef);
  if (!zip) return { root, sources: [], problems, opener };
  const files = zip.directory.items.filter((item) => !item.isDirectory && !item.safePath.startsWith('__MACOSX/'));
  // One level only: below a dataset's wrapper folder come the patients, whose sessions must stay
  // folders of their source (a dataset of one patient is still split at the patient level).
  const first = firstSegment(files[0]?.safePath ?? '');
  const strip = first !== '' && files.every((item) => firstSegment(item.safePath) === first) ? `${first}/` : '';
  const groups = new Map<string, ZipItem[]>();
  for (const item of zip.directory.items) {
    if (item.isDirectory) continue;
    const inside = item.safePath.startsWith(strip) ? item.safePath.slice(strip.length) : item.safePath;
    const key = inside.startsWith('__MACOSX/') ? '' : firstSegment(inside) || (isZipName(inside) ? inside : '');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const sources: Source[] = [];
  for (const key of [...groups.keys()].sort()) {
    const items = groups.get(key)!;
    if (key === '') {
      sources.push(makeSource('', 'loose', `${zipRef}!${strip}`, { type: 'zip-part', zip, items, strip }, opener));
    } else if (isZipName(key) && items.length === 1 && items[0]!.safePath === `${strip}${key}`) {
      const ref = zipEntryRef(zipRef, items[0]!.name, items[0]!.occurrence);
      sources.push(makeSource(key, 'zip', `${ref}!`, { type: 'zip', zipRef: ref }, opener));
    } else {
      sources.push(makeSource(key, 'folder', `${zipRef}!${strip}${key}/`, { type: 'zip-part', zip, items, strip: `${strip}${key}/` }, opener));
    }
  }
  return { root, sources, problems, opener };
}

/**
 * Every entry of a source, and every problem met on the way, in an order that depends only on
 * the names (never on the file system): folders depth first by name, zip entries by name, nested
 * zips in place as folders named after them.
 */
export async function* listEntries(source: Source): AsyncGenerator<SourceItem> {
  const known = plans.get(source);
  if (!known) throw new TypeError('listEntries takes a source from discoverSources');
  const { plan, opener } = known;
  const context: WalkContext = { opener, source: source.name, unique: new UniquePaths() };
  switch (plan.type) {
    case 'folder':
      yield* walkFolder(context, plan.relDir, '');
      break;
    case 'zip':
      // A zip source's entries sit at the top of the source; the zip itself, if no zip, too.
      yield* walkNestedZip(context, plan.zipRef, source.name, newBudget(context), '');
      break;
    case 'loose':
      for (const file of plan.files) yield* diskFileItems(context, file.name, readableName(file.name), file.stats);
      break;
    case 'zip-part':
      yield* walkZipItems(context, plan.zip, plan.items, plan.strip, '', newBudget(context));
      break;
  }
}
