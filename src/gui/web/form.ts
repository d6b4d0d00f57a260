/**
 * The options form, generated from the option schema the CLI uses: the same names, defaults and
 * help text, and the server's validator (the same function as the CLI's) for the messages.
 */
import type { AnonymizeOptions, OptionProblem, OptionSpec, WrittenOptions } from '../../core/options/schema.ts';
import { browse } from './browse-dialog.ts';
import { h } from './dom.ts';
import { fieldMessage, labelOf, plainWords } from './plain-words.ts';

/** Fields chosen with the browser, shown first; the rest go under "More options". */
export const PATH_KEYS: readonly (keyof AnonymizeOptions)[] = ['input', 'demographics', 'output', 'privateDir'];
/** The profile and its options, shown open beside the table of what they do. */
export const PROFILE_KEYS: readonly (keyof AnonymizeOptions)[] = ['profile', 'retain', 'clean'];
/** Not form fields: Preview is the dry run, and the page is the summary. */
const HIDDEN_KEYS: readonly (keyof AnonymizeOptions)[] = ['dryRun', 'json'];

export { labelOf };

type Control = HTMLInputElement | HTMLSelectElement;

/** A list option with a fixed set of choices: one checkbox per choice. */
function isChoiceList(spec: OptionSpec): boolean {
  return spec.kind === 'list' && spec.choices !== undefined;
}

/** The checkboxes of a choice list, as the validator takes them: the checked choices. */
function checkedChoices(group: HTMLElement): string[] {
  return Array.from(group.querySelectorAll<HTMLInputElement>('input[type=checkbox]'), (box) => (box.checked ? box.value : '')).filter((v) => v !== '');
}

/** A fieldset of checkboxes, each choice explained in its own sentence from the schema. */
function choiceListField(spec: OptionSpec, groups: Map<string, HTMLFieldSetElement>): HTMLElement {
  const id = `opt-${spec.flag}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const group = h('fieldset', { id, class: 'field kind-choices', 'aria-describedby': `${helpId} ${errorId}` },
    h('legend', {}, labelOf(spec)),
    h('p', { id: helpId, class: 'help' }, plainWords(spec.help), '.'),
    (spec.choices ?? []).map((choice) => {
      const boxId = `${id}-${choice}`;
      const sentence = spec.choiceHelp?.[choice];
      return h('div', { class: 'choice' },
        h('input', { id: boxId, type: 'checkbox', name: spec.key, value: choice, 'aria-describedby': sentence === undefined ? undefined : `${boxId}-help` }),
        h('label', { for: boxId }, choice),
        sentence === undefined ? null : h('p', { id: `${boxId}-help`, class: 'help' }, sentence));
    }),
    h('p', { id: errorId, class: 'error', hidden: true }));
  groups.set(spec.key, group);
  return group;
}

export interface OptionsForm {
  paths: HTMLElement;
  profile: HTMLElement;
  more: HTMLElement;
  /** The form's values as the validator takes them. */
  read(): WrittenOptions;
  /** Marks the fields named in `problems` (and clears the others); focuses the first. */
  showProblems(problems: readonly OptionProblem[]): void;
  set(key: keyof AnonymizeOptions, value: string): void;
  /** Puts written options (a resumed run's) back in the fields; the others go back to their defaults. */
  setAll(written: WrittenOptions): void;
}

function field(spec: OptionSpec, controls: Map<string, Control>): HTMLElement {
  const id = `opt-${spec.flag}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = `${helpId} ${errorId}`;
  const label = labelOf(spec);
  let control: Control;
  if (spec.kind === 'choice') {
    // A default that depends on other options (private tags: by profile) is no one choice: left
    // empty, the validator applies it, as the command line does when the flag is not given.
    const plainDefault = spec.choices?.includes(spec.defaultText ?? '') ?? false;
    control = h('select', { id, name: spec.key, 'aria-describedby': describedBy },
      plainDefault || spec.defaultText === undefined ? null : h('option', { value: '', selected: true }, plainWords(spec.defaultText)),
      (spec.choices ?? []).map((choice) => h('option', { value: choice, selected: choice === spec.defaultText }, choice)));
  } else if (spec.kind === 'flag') {
    control = h('input', { id, name: spec.key, type: 'checkbox', 'aria-describedby': describedBy });
  } else {
    const numeric = spec.kind === 'number' || spec.kind === 'integer';
    control = h('input', {
      id, name: spec.key, type: 'text', autocomplete: 'off', spellcheck: 'false',
      inputmode: numeric ? (spec.kind === 'integer' ? 'numeric' : 'decimal') : undefined,
      placeholder: spec.defaultText === undefined ? undefined : plainWords(spec.defaultText), 'aria-describedby': describedBy, 'aria-required': spec.required ? 'true' : undefined,
    });
  }
  controls.set(spec.key, control);
  const input = control;
  const browseButton = spec.kind === 'path'
    ? h('button', { type: 'button', class: 'browse-button', 'aria-label': `Browse for ${label}`, onclick: async () => {
        const chosen = await browse(spec.pathKind ?? 'folder', input.value, `Choose: ${label}`, { zips: spec.key === 'input', newFolder: spec.key === 'output' || spec.key === 'privateDir' });
        if (chosen !== undefined && chosen !== input.value) {
          input.value = chosen;
          // As if typed: a preview made with the old path no longer describes the run.
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        input.focus();
      } }, 'Browse…')
    : null;
  const defaultNote = spec.defaultText === undefined ? '' : ` Default: ${plainWords(spec.defaultText)}.`;
  const choiceNotes = spec.choiceHelp === undefined ? null
    : h('ul', { class: 'help' }, Object.entries(spec.choiceHelp).map(([choice, sentence]) => h('li', {}, h('strong', {}, choice), `: ${sentence}`)));
  return h('div', { class: `field kind-${spec.kind}` },
    h('label', { for: id }, label, spec.required ? h('span', { class: 'required' }, ' (required)') : null),
    h('div', { class: 'control-row' }, control, browseButton),
    h('p', { id: helpId, class: 'help' }, plainWords(spec.help), '.', defaultNote),
    choiceNotes,
    h('p', { id: errorId, class: 'error', hidden: true }));
}

/** Builds the form's two groups of fields from the schema. */
export function buildOptionsForm(specs: readonly OptionSpec[]): OptionsForm {
  const controls = new Map<string, Control>();
  const groups = new Map<string, HTMLFieldSetElement>();
  const visible = specs.filter((spec) => !HIDDEN_KEYS.includes(spec.key));
  const byKey = new Map(visible.map((spec) => [spec.key, spec]));
  const paths = h('div', { class: 'fields' }, PATH_KEYS.map((key) => byKey.get(key)).filter((s) => s !== undefined).map((s) => field(s, controls)));
  const fieldOf = (s: OptionSpec) => (isChoiceList(s) ? choiceListField(s, groups) : field(s, controls));
  const profile = h('div', { class: 'fields' }, PROFILE_KEYS.map((key) => byKey.get(key)).filter((s) => s !== undefined).map(fieldOf));
  const more = h('div', { class: 'fields' }, visible.filter((s) => !PATH_KEYS.includes(s.key) && !PROFILE_KEYS.includes(s.key)).map(fieldOf));
  return {
    paths,
    profile,
    more,
    read() {
      const written: WrittenOptions = {};
      for (const spec of visible) {
        const control = controls.get(spec.key);
        const group = groups.get(spec.key);
        if (group !== undefined) written[spec.key] = checkedChoices(group);
        else if (control instanceof HTMLInputElement && control.type === 'checkbox') written[spec.key] = control.checked;
        else if (control !== undefined) written[spec.key] = control.value.trim();
      }
      return written;
    },
    showProblems(problems) {
      let first: Control | undefined;
      for (const [key, control] of controls) {
        const problem = problems.find((p) => p.key === key);
        const error = document.getElementById(`${control.id}-error`);
        if (error !== null) {
          error.textContent = problem === undefined ? '' : fieldMessage(problem);
          error.hidden = problem === undefined;
        }
        if (problem === undefined) control.removeAttribute('aria-invalid');
        else {
          control.setAttribute('aria-invalid', 'true');
          first ??= control;
        }
      }
      for (const [key, group] of groups) {
        const problem = problems.find((p) => p.key === key);
        const error = document.getElementById(`${group.id}-error`);
        if (error !== null) {
          error.textContent = problem === undefined ? '' : fieldMessage(problem);
          error.hidden = problem === undefined;
        }
        for (const box of Array.from(group.querySelectorAll('input'))) {
          if (problem === undefined) box.removeAttribute('aria-invalid');
          else box.setAttribute('aria-invalid', 'true');
        }
        if (problem !== undefined) first ??= group.querySelector('input') ?? undefined;
      }
      if (first !== undefined) {
        first.closest('details')?.setAttribute('open', '');
        first.focus();
      }
    },
    setAll(written) {
      for (const [key, control] of controls) {
        const value = written[key as keyof AnonymizeOptions];
        if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true || value === 'true';
        else if (control instanceof HTMLSelectElement && (value === undefined || value === '')) control.selectedIndex = Math.max(0, Array.from(control.options).findIndex((o) => o.defaultSelected));
        else control.value = value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
      }
      for (const [key, group] of groups) {
        const value = written[key as keyof AnonymizeOptions];
        const chosen = new Set(Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((v) => v.trim()) : []);
        for (const box of Array.from(group.querySelectorAll('input'))) box.checked = chosen.has(box.value);
      }
      controls.values().next().value?.dispatchEvent(new Event('input', { bubbles: true }));
    },
    set(key, value) {
      const control = controls.get(key);
      if (control !== undefined) {
        control.value = value;
        control.dispatchEvent(new Event('input', { bubbles: true }));
      }
    },
  };
}
