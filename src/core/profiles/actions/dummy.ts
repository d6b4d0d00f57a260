import { encodeText } from '../../dicom/charset.ts';
import { DUMMY_ITEMS } from '../dummy-items.ts';
import { uid } from './uid.ts';
import type { ActionHandler } from './types.ts';

/** Text that is never a name (it is one of the placeholders) and fits every text VR. */
export const DUMMY_TEXT = 'ANONYMIZED';

/** Dummy values per VR: each valid for it (PS3.5 §6.2) and holding nothing of any original. */
const DUMMY_BY_VR: Readonly<Record<string, string>> = {
  DA: '19000101',
  DT: '19000101000000',
  TM: '000000',
  AS: '000Y',
  IS: '0',
  DS: '0',
  UR: 'ANONYMIZED',
};

/** Bytes of a zero number for binary VRs. */
const ZERO_SIZE: Readonly<Record<string, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, AT: 4, FD: 8, SV: 8, UV: 8, OB: 2, OW: 2, OF: 4, OD: 8, OL: 4, OV: 8 };

/** D: a dummy value valid for the VR; a UID gets its keyed UID, a sequence one item with no original content. */
export const dummy: ActionHandler = (input) => {
  const { element, plan } = input;
  if (element.isEncapsulated) return false;
  if (element.isSequence) {
    plan.edits.push({ op: 'set-items', element, items: [DUMMY_ITEMS.get(element.tag >>> 0) ?? []] });
    return true;
  }
  if (element.vr === 'UI') return element.valueLength > 0 ? uid(input) : true;
  const size = ZERO_SIZE[element.vr];
  const value = size !== undefined ? new Uint8Array(size) : encodeText(DUMMY_BY_VR[element.vr] ?? DUMMY_TEXT, [], element.vr);
  plan.edits.push({ op: 'set', element, value });
  return true;
};
