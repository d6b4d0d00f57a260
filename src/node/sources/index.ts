/**
 * Reading the input: sources (folders, zips, loose files), their entries in a stable order, the
 * problems of hostile input, and opening any entry from its ref alone (in a worker too).
 */
export { discoverSources, listEntries, type DiscoveredInput } from './discover.ts';
export { EntryError } from './entry-error.ts';
export { closeSharedOpeners, EntryOpener, openEntry } from './entry-opener.ts';
export { classifyName, describeNonDicom } from './names.ts';
export type { RangeSource } from './range-reader.ts';
export { fsPath, listFolder, printablePath, readableName, readablePath } from './fs-names.ts';
export { parseRef, refPath } from './refs.ts';
export * from './types.ts';
