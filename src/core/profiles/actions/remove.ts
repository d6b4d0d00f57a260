import type { ActionHandler } from './types.ts';

/** X: the element goes, with everything in it. */
export const remove: ActionHandler = ({ element, remove: removeElement }) => {
  removeElement(element, 'profile');
  return true;
};
