import { encodeText } from '../../dicom/charset.ts';
import { keywordOf } from '../../anonymize/keyword.ts';
import type { ActionHandler } from './types.ts';

/** The patient's pseudonym id (PatientName, PatientID). */
export const pseudonym: ActionHandler = ({ element, ctx, plan }) => {
  if (element.isSequence || element.isBulk) return false;
  plan.edits.push({ op: 'set', element, value: encodeText(ctx.patientId, [], element.vr) });
  plan.replaced.push({ tagPath: element.path, patientIds: [ctx.patientId], cause: 'profile', keyword: keywordOf(element) });
  return true;
};
