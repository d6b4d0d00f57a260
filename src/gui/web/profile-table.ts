/** The profile's resolved action table, the same rows `dicomveil profile` prints: in the form and in the plan. */
import type { RunPlan } from '../api-types.ts';
import { h } from './dom.ts';
import { plainWords } from './plain-words.ts';
import { plural } from './words.ts';

export type ProfileView = NonNullable<RunPlan['profile']>;

/** One line that says plainly what the profile keeps. */
export function keptText(profile: ProfileView): string {
  const kept = profile.rows.filter((row) => row.action === 'keep' && row.tag !== '*').map((row) => row.keyword);
  const rest = profile.rows.find((row) => row.tag === '*' && row.keyword === 'every other attribute');
  const others = rest?.action === 'keep' ? 'every other attribute is kept as it is' : 'every other attribute is kept, with the known names replaced in it';
  return kept.length === 0 ? `Kept: ${others}.` : `Kept as they are: ${kept.join(', ')}; ${others}.`;
}

/** The table as a disclosure; `id` tells the form's copy from the plan's. */
export function profileTableView(profile: ProfileView, id: string, open = false): HTMLElement {
  const options = [...profile.retain.map((o) => `keep ${o}`), ...profile.clean.map((o) => `clean ${o}`)].join(', ');
  return h('details', { id, open },
    h('summary', {}, `What each attribute becomes: ${profile.id} profile${options ? ` (${options})` : ''}, ${plural(profile.rows.length, 'rule')}`),
    h('p', { class: 'help' }, keptText(profile)),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Rules of the ${profile.id} profile` },
      h('table', {},
        h('caption', { class: 'visually-hidden' }, `Rules of the ${profile.id} profile`),
        h('thead', {}, h('tr', {}, ['Keyword', 'Tag', 'Action', 'From'].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', {}, profile.rows.map((row) => h('tr', {}, h('td', {}, row.keyword), h('td', {}, h('code', {}, row.tag)), h('td', {}, row.action), h('td', {}, plainWords(row.origin))))))));
}
