import { encodeText } from '../../dicom/charset.ts';
import type { ActionHandler } from './types.ts';

/** A fixed value (or fixed items), at the top level only: the same attribute nested means something else. */
export const set: ActionHandler = ({ element, rule, plan }) => {
  if (element.depth > 0 || element.isBulk) return false;
  if (element.isSequence) {
    if (rule.items === undefined) return false;
    plan.edits.push({ op: 'set-items', element, items: rule.items });
    return true;
  }
  plan.edits.push({ op: 'set', element, value: encodeText(rule.value ?? '', [], element.vr) });
  plan.protect.push(rule.value ?? '');
  return true;
};
