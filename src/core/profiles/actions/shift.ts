import { InternalError } from '../../errors.ts';
import type { ActionHandler } from './types.ts';

const latin1 = new TextDecoder('latin1');
const DAY_MS = 86_400_000;

/** `YYYYMMDD` moved back by `days`, or undefined when it is not a valid date. */
export function shiftDate(date: string, days: number): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const moved = new Date(time - days * DAY_MS);
  const shifted = `${String(moved.getUTCFullYear()).padStart(4, '0')}${String(moved.getUTCMonth() + 1).padStart(2, '0')}${String(moved.getUTCDate()).padStart(2, '0')}`;
  return moved.getUTCFullYear() < 0 ? undefined : shifted;
}

/** One DA or DT value (a DA may be a range `A-B`, either side open) shifted, or undefined when not valid. */
export function shiftValue(value: string, vr: string, days: number): string | undefined {
  if (value === '') return '';
  if (vr === 'DA') {
    const sides = value.split('-');
    if (sides.length > 2) return undefined;
    const out = sides.map((side) => (side === '' && sides.length === 2 ? '' : shiftDate(side, days)));
    return out.some((side) => side === undefined) || out.every((side) => side === '') ? undefined : out.join('-');
  }
  // DT: the date part must be whole (YYYYMMDD) to move by days; the time and offset are kept.
  const m = /^(\d{8})(\d{0,6}(?:\.\d{1,6})?)?([+-]\d{4})?$/.exec(value);
  const date = m ? shiftDate(m[1]!, days) : undefined;
  return date === undefined ? undefined : `${date}${m![2] ?? ''}${m![3] ?? ''}`;
}

/** Dates moved back by the patient's keyed number of days; times kept; a value that is not a valid date emptied. */
export const shift: ActionHandler = ({ element, rule, ctx, plan }) => {
  // An attribute the dictionary does not know reads as UN in implicit VR: its rule says what it is.
  const vr = element.vr === 'UN' && rule.vr !== '' ? rule.vr : element.vr;
  if ((vr !== 'DA' && vr !== 'DT') || element.isBulk) return false;
  if (ctx.dateShiftDays === undefined) throw new InternalError('E_NO_DATE_SHIFT', 'the profile shifts dates but the plan has no date shift');
  const values = latin1.decode(element.value()).replace(/[\0 ]+$/, '').split('\\').map((value) => value.trim());
  const shifted = values.map((value) => shiftValue(value, vr, ctx.dateShiftDays!));
  const text = shifted.some((value) => value === undefined) ? '' : shifted.join('\\');
  plan.edits.push({ op: 'set', element, value: new TextEncoder().encode(text) });
  return true;
};
