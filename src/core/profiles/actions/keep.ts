import type { ActionHandler } from './types.ts';

/** K: the value stays; like any kept value, its text is still searched for names. */
export const keep: ActionHandler = () => false;
