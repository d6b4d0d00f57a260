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

/** Opens the zip `zipRef` through the context's opener; reports and returns undefined when it cannot. */
export async function openZipOrReport(context: WalkContext, zipRef: string): Promise<{ zip?: OpenZip; problems: InputProblem[] }> {
  try {
    const zip = await context.opener.zip(zipRef);
    const { items, error } = zip.directory;
    if (error === undefined) return { zip, problems: [] };
    if (items.length === 0) return { problems: [problem(zipRef, 'corrupt-zip', `not a readable zip: ${error}`)] };
    return { zip, problems: [problem(zipRef, 'corrupt-zip', `zip directory unreadable after ${items.length} entries (${error}); the rest is skipped`)] };
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
    const ref = zipEntryRef(zip.ref, item.name, item.occurrence);
    if (item.refusal) {
      yield problem(ref, item.refusal.code, item.refusal.message);
      continue;
    }
    if (budget.exhausted) continue;
    if (item.uncompressedSize > budget.remaining) {
      budget.exhausted = true;
      yield problem(ref, 'zip-bomb', `the zip declares more content than the limit of ${context.opener.limits.maxZipBytes} bytes; this entry and the rest are skipped`);
      continue;
    }
    budget.remaining -= item.uncompressedSize;
    if (item.renamed) yield problem(ref, item.renamed.code, item.renamed.message, 'renamed');
    if (item.occurrence > 1) yield problem(ref, 'duplicate-name', `zip holds ${item.occurrence} entries of this name; read under a suffixed name`, 'renamed');
    const inner = (item.safePath.startsWith(strip) ? item.safePath.slice(strip.length) : item.safePath) || 'unnamed';
    if (isZipName(inner)) {
      yield* walkNestedZip(context, ref, `${outPrefix}${zipFolderName(inner)}/`, budget);
      continue;
    }
    const relativePath = context.unique.claim(`${outPrefix}${inner}`);
    yield {
      kind: 'entry', ref, source: context.source, relativePath, size: item.uncompressedSize,
      class: classifyName(relativePath), open: () => context.opener.open(ref),
    };
  }
}

/** A zip inside a source (on disk or in another zip): its entries, under `outPrefix`. */
export async function* walkNestedZip(context: WalkContext, zipRef: string, outPrefix: string, budget: ZipBudget): AsyncGenerator<SourceItem> {
  const { zip, problems } = await openZipOrReport(context, zipRef);
  yield* problems;
  if (zip) yield* walkZipItems(context, zip, zip.directory.items, '', outPrefix, budget);
}

export function newBudget(context: WalkContext): ZipBudget {
  return { remaining: context.opener.limits.maxZipBytes, exhausted: false };
}
