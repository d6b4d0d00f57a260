/**
 * Lists the entries of a zip (and of the zips inside it) as entries of the source holding it,
 * in name order, with one problem per entry that is refused or renamed.
 */
import type { EntryOpener, OpenZip } from './entry-opener.ts';
import { EntryError } from './entry-error.ts';
import { classifyName, isZipName, type UniquePaths, zipFolderName } from './names.ts';
import { zipEntryRef } from './refs.ts';
import type { InputProblem, ProblemCode, SourceItem } from './types.ts';
import type { ZipItem } from './zip-directory.ts';

/** Everything a walk needs to know about where it is. */
export interface WalkContext {
  readonly opener: EntryOpener;
  readonly source: string;
  readonly unique: UniquePaths;
}

/** Declared bytes left for one top-level zip and the zips inside it. */
export interface ZipBudget {
  remaining: number;
  exhausted: boolean;
}

export function problem(ref: string, code: ProblemCode, message: string, action: InputProblem['action'] = 'skipped'): InputProblem {
  return { kind: 'problem', ref, code, action, message };
}

/** Zip items in output order: by safe path, then by occurrence. */
export function sortItems(items: readonly ZipItem[]): ZipItem[] {
  return [...items].sort((a, b) =>
    a.safePath < b.safePath ? -1 : a.safePath > b.safePath ? 1 : a.occurrence - b.occurrence || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/**
 * Opens the zip `zipRef` through the context's opener; reports and returns no zip when it cannot.
 * `notZip` is set when the bytes do not even start like a zip: such a file is tried as DICOM.
 */
export async function openZipOrReport(context: WalkContext, zipRef: string): Promise<{ zip?: OpenZip; problems: InputProblem[]; notZip?: boolean }> {
  try {
    const zip = await context.opener.zip(zipRef);
    const { items, error } = zip.directory;
    if (error === undefined) return { zip, problems: [] };
    if (items.length === 0) {
      const head = zip.range.read(0, 2);
      if (head[0] !== 0x50 || head[1] !== 0x4b) return { problems: [], notZip: true };
      return { problems: [problem(zipRef, 'corrupt-zip', `not a readable zip: ${error}`)] };
    }
    return { zip, problems: [problem(zipRef, 'corrupt-zip', `zip damaged (${error}); ${items.length} entries read, the rest is lost`)] };
  } catch (error) {
    if (error instanceof EntryError) return { problems: [problem(zipRef, error.code, error.message)] };
    throw error;
  }
}

/** Yields the items of a zip under `outPrefix`; nested zips become folders named after them. */
export async function* walkZipItems(
  context: WalkContext,
  zip: OpenZip,
  items: readonly ZipItem[],
  strip: string,
  outPrefix: string,
  budget: ZipBudget,
): AsyncGenerator<SourceItem> {
  for (const item of sortItems(items)) {
    if (item.isDirectory) continue;
    if (budget.exhausted) return;
    const ref = zipEntryRef(zip.ref, item.name, item.occurrence);
    // Refused entries count too: a recursive bomb's declared size is its signature, and stopping
    // on it keeps a zip of a million refused entries from taking a million lines.
    if (item.uncompressedSize > budget.remaining) {
      budget.exhausted = true;
      yield problem(ref, 'zip-bomb', `the zip declares more content than the limit of ${context.opener.limits.maxZipBytes} bytes; this entry and the rest are skipped`);
      return;
    }
    budget.remaining -= item.uncompressedSize;
    if (item.refusal) {
      yield problem(ref, item.refusal.code, item.refusal.message);
      continue;
    }
    if (item.renamed) yield problem(ref, item.renamed.code, item.renamed.message, 'renamed');
    if (item.occurrence > 1) yield problem(ref, 'duplicate-name', `zip holds ${item.occurrence} entries of this name; read under a suffixed name`, 'renamed');
    const inner = (item.safePath.startsWith(strip) ? item.safePath.slice(strip.length) : item.safePath) || 'unnamed';
    if (isZipName(inner)) yield* walkNestedZip(context, ref, `${outPrefix}${inner}`, budget);
    else yield fileEntry(context, ref, `${outPrefix}${inner}`, item.uncompressedSize);
  }
}

/** An entry to try as DICOM (or to list as ignored, by its name). */
export function fileEntry(context: WalkContext, ref: string, path: string, size: number): SourceItem {
  const relativePath = context.unique.claim(path);
  return { kind: 'entry', ref, source: context.source, relativePath, size, class: classifyName(relativePath), open: () => context.opener.open(ref) };
}

/**
 * A zip inside a source (on disk or in another zip) at `path`: its entries under the folder the
 * zip becomes (`sess/more.zip` → `sess/more/`), or the file itself when it is no zip at all.
 */
export async function* walkNestedZip(
  context: WalkContext,
  zipRef: string,
  path: string,
  budget: ZipBudget,
  outPrefix = `${zipFolderName(path)}/`,
): AsyncGenerator<SourceItem> {
  const { zip, problems, notZip } = await openZipOrReport(context, zipRef);
  yield* problems;
  if (notZip) yield fileEntry(context, zipRef, path, (await context.opener.zip(zipRef)).range.size);
  else if (zip) yield* walkZipItems(context, zip, zip.directory.items, '', outPrefix, budget);
}

export function newBudget(context: WalkContext): ZipBudget {
  return { remaining: context.opener.limits.maxZipBytes, exhausted: false };
}
