import { formatTag, keywordForTag } from '../dicom/dictionary.ts';
import type { DicomElement } from '../dicom/model.ts';
import { isPrivateTag } from './searched.ts';

/** The element's keyword, or its tag for private and unknown elements (what report counts are keyed by). */
export function keywordOf(element: DicomElement): string {
  return (isPrivateTag(element.tag) ? undefined : keywordForTag(element.tag)) ?? formatTag(element.tag);
}
