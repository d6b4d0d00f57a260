/** One handler per action: the planner looks an action up here and nowhere else. */
import type { ProfileAction } from '../model.ts';
import { clean } from './clean.ts';
import { dummy } from './dummy.ts';
import { empty } from './empty.ts';
import { hash } from './hash.ts';
import { keep } from './keep.ts';
import { pseudonym } from './pseudonym.ts';
import { remove } from './remove.ts';
import { set } from './set.ts';
import { shift } from './shift.ts';
import type { ActionHandler } from './types.ts';
import { uid } from './uid.ts';

export const ACTION_HANDLERS: Readonly<Record<ProfileAction, ActionHandler>> = { keep, remove, empty, dummy, pseudonym, uid, shift, hash, clean, set };
export type { ActionHandler, ActionInput } from './types.ts';
