import { decodeText, encodeText } from '../../dicom/charset.ts';
import { findNames } from '../../anonymize/find-names.ts';
import type { ActionHandler } from './types.ts';

function trimmed(text: string): string {
  return text.replace(/[\0 ]+$/, '').trim();
}

/** A keyed hash of the value itself (AccessionNumber under the research profile). */
export const hash: ActionHandler = ({ element, ctx, plan }) => {
  if (element.isSequence || element.isBulk) return false;
  const value = trimmed(decodeText(element.value(), element.charsets, element.vr));
  if (value === '') return true;
  // A hash can spell a family name by chance ("7BAUER2…"); the next deterministic variant
  // is taken then, so verification, which cannot know our hashes, never sees a name.
  let hashed = ctx.hashAccession(value);
  for (let attempt = 1; attempt < 64 && findNames(ctx.index, hashed).length > 0; attempt++) hashed = ctx.hashAccession(`${value}\u0000${attempt}`);
  plan.edits.push({ op: 'set', element, value: encodeText(hashed, [], element.vr) });
  plan.protect.push(hashed);
  return true;
};
