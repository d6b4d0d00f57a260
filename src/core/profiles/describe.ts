/**
 * The resolved action table of a profile, as data and as text: `dicomveil profile`, `--dry-run`,
 * the GUI and the report all show these rows.
 */
import { formatTag } from '../dicom/dictionary.ts';
import type { Profile, ProfileAction, ProfileRule } from './model.ts';

export interface ProfileRow {
  readonly keyword: string;
  /** `(gggg,eeee)`, `(60xx,3000)` for a repeating group, `*` for a class of elements. */
  readonly tag: string;
  readonly action: ProfileAction;
  /** The table's code (X, Z/D…) where the rule comes from the standard's table. */
  readonly code?: string;
  /** The rule or option it comes from. */
  readonly origin: string;
}

function tagText(rule: ProfileRule): string {
  if (rule.mask === undefined) return formatTag(rule.tag);
  const hex = (rule.tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  const maskHex = (rule.mask >>> 0).toString(16).toUpperCase().padStart(8, '0');
  const masked = [...hex].map((digit, i) => (maskHex[i] === 'F' ? digit : 'x')).join('');
  return `(${masked.slice(0, 4)},${masked.slice(4)})`;
}

/** Every rule of the profile, in tag order, then the rules for whole classes of elements. */
export function profileTable(profile: Profile): ProfileRow[] {
  const rows: ProfileRow[] = [...profile.rules]
    .sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0))
    .map((rule) => {
      // A date shift moves DA and DT values; a time (TM) it names is kept, which keeps intervals.
      const keptTime = rule.action === 'shift' && rule.vr === 'TM';
      const origin = rule.origin ?? profile.name;
      return { keyword: rule.keyword, tag: tagText(rule), action: keptTime ? 'keep' : rule.action, ...(rule.code === undefined ? {} : { code: rule.code }), origin: keptTime ? `${origin} (times are kept)` : origin };
    });
  if (profile.uidRule) rows.push({ keyword: 'every other UID', tag: '*', action: 'uid', origin: profile.uidRule.origin ?? profile.name });
  if (profile.dateRule) rows.push({ keyword: 'every other DA/DT of a standard attribute', tag: '*', action: 'shift', origin: profile.dateRule.origin ?? profile.name });
  rows.push({
    keyword: 'private elements',
    tag: '(gggg odd,xxxx)',
    action: profile.removePrivate ? 'remove' : 'clean',
    origin: profile.name === 'basic' && !profile.removePrivate ? '--private-tags keep (departs from the standard)' : '--private-tags',
  });
  rows.push({ keyword: 'every other attribute', tag: '*', action: profile.name === 'basic' ? 'keep' : 'clean', origin: 'names of every known patient replaced in every searched value' });
  return rows;
}

/** The table as aligned text columns (keyword, tag, action, origin). */
export function renderProfileTable(profile: Profile): string {
  const rows = profileTable(profile);
  const header = { keyword: 'keyword', tag: 'tag', action: 'action', origin: 'from' };
  const width = (key: 'keyword' | 'tag' | 'action') => Math.max(header[key].length, ...rows.map((row) => row[key].length));
  const [kw, tw, aw] = [width('keyword'), width('tag'), width('action')];
  const line = (row: { keyword: string; tag: string; action: string; origin: string }) => `${row.keyword.padEnd(kw)}  ${row.tag.padEnd(tw)}  ${row.action.padEnd(aw)}  ${row.origin}`;
  const options = [...profile.retain.map((option) => `--retain ${option}`), ...profile.clean.map((option) => `--clean ${option}`)];
  return [`profile: ${profile.name}${options.length > 0 ? ` (${options.join(', ')})` : ''}`, line(header), ...rows.map(line)].join('\n');
}
