/** What an action handler is given: one element, the rule that names it, and the plan it adds to. */
import type { FilePlan, PlanContext, Removal } from '../../anonymize/plan.ts';
import type { DicomElement } from '../../dicom/model.ts';
import type { ProfileRule } from '../model.ts';

export interface ActionInput {
  readonly element: DicomElement;
  readonly rule: ProfileRule;
  readonly ctx: PlanContext;
  readonly plan: FilePlan;
  readonly remove: (element: DicomElement, reason: Removal['reason']) => void;
}

/** Applies an action; false when the element is left to the name scrub (kept, or a sequence whose items are planned one by one). */
export type ActionHandler = (input: ActionInput) => boolean;
