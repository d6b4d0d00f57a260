import type { ActionHandler } from './types.ts';

/** Z: present with a zero-length value; a sequence keeps no item. */
export const empty: ActionHandler = ({ element, plan }) => {
  if (element.isEncapsulated) return false;
  if (element.isSequence) plan.edits.push({ op: 'set-items', element, items: [] });
  else if (element.valueLength > 0) plan.edits.push({ op: 'set', element, value: new Uint8Array(0) });
  return true;
};
