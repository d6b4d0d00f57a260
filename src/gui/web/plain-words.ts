/**
 * The page speaks of fields by their labels, never by the command line's flags: the schema's help,
 * the validator's messages and the run's refusals are written for the CLI and reworded here.
 */
import { type AnonymizeOptions, OPTION_SPECS, type OptionProblem, type OptionSpec } from '../../core/options/schema.ts';

const LABELS: Partial<Record<keyof AnonymizeOptions, string>> = {
  input: 'DICOM input folder',
  output: 'Output folder (to share)',
  privateDir: 'Private folder (never share)',
  demographics: 'Demographics file',
  links: 'Link choices file',
};

/** The label a person reads: a few fixed wordings, else the CLI flag in words. */
export function labelOf(spec: OptionSpec): string {
  const words = spec.flag.replaceAll('-', ' ');
  return LABELS[spec.key] ?? words.charAt(0).toUpperCase() + words.slice(1);
}

function quotedLabel(flag: string): string | undefined {
  const spec = OPTION_SPECS.find((s) => s.flag === flag);
  return spec === undefined ? undefined : `"${labelOf(spec)}"`;
}

/** `text` with every flag, placeholder and "private dir" in the page's words. */
export function plainWords(text: string): string {
  return text
    .replaceAll('<output>-private', 'the output folder with "-private" added to its name')
    .replaceAll('<private-dir>/', 'the private folder\'s ')
    .replaceAll('<private-dir>', 'the private folder')
    .replaceAll('<input>', `"${LABELS.input}"`)
    .replaceAll('<output>', 'the output folder')
    .replace(/--([a-z][a-z-]*)/g, (flag, name: string) => quotedLabel(name) ?? flag)
    .replace(/\bprivate dir\b/gi, 'private folder');
}

/** A validator message with the field's label for the leading flag, the rest in words. */
export function fieldMessage(problem: OptionProblem): string {
  const spec = OPTION_SPECS.find((s) => s.key === problem.key);
  const named = /^(<input>|--[a-z-]+)(?: and --[a-z-]+)?: ([\s\S]*)$/.exec(problem.message);
  if (spec === undefined || named === null) return plainWords(problem.message);
  const rest = plainWords(named[2] ?? '');
  return /^(is|must)\b/.test(rest) ? `${labelOf(spec)} ${rest}.` : `${labelOf(spec)}: ${rest}.`;
}

