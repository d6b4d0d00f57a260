/**
 * Folder and file names that are UIDs (`1.2.840.….dcm`, a series folder named by its UID): under a
 * profile that remaps UIDs the name becomes the keyed UID, as the UID inside the file does.
 */
import { isUid, isWellKnownUid } from './uid-registry.ts';

const EXTENSION = /\.dcm$/i;

/** A path segment renamed when it is a UID (with or without `.dcm`) that is not well known. */
export function renameUidSegment(segment: string, uid: (original: string) => string): string {
  const extension = EXTENSION.exec(segment)?.[0] ?? '';
  const stem = segment.slice(0, segment.length - extension.length);
  // Four components, or a long value such as 2.25.<128-bit number>: "2024.1.5" is a date, not a UID.
  if (!isUid(stem) || (stem.split('.').length < 4 && stem.length < 16) || isWellKnownUid(stem)) return segment;
  return `${uid(stem)}${extension}`;
}
