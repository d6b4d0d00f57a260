/**
 * `anonymize`'s flags, generated from the one option schema so the CLI, the GUI form and the
 * validation messages cannot drift apart.
 */
import { type Command, Option } from 'commander';
import { type AnonymizeOptions, OPTION_SPECS, type OptionSpec, type WrittenOptions } from '../core/options/schema.ts';

function flagText(spec: OptionSpec): string {
  if (spec.kind === 'flag') return `--${spec.flag}`;
  const value = spec.choices ? `<${spec.choices.join('|')}>` : (spec.valueName ?? '<value>');
  return `--${spec.flag} ${value}`;
}

function helpText(spec: OptionSpec): string {
  if (spec.defaultText === undefined || spec.kind === 'flag') return spec.help;
  return `${spec.help} (default: ${spec.defaultText})`;
}

/** Repeated list flags add up (`--remove A --remove B,C`); commas are split by validation. */
function collect(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
}

/**
 * Adds `<input>` and one flag per option spec. Defaults are left to `validateOptions`, which
 * applies them once for every face; commander only collects what the user wrote.
 */
export function addAnonymizeFlags(command: Command): Command {
  for (const spec of OPTION_SPECS) {
    if (spec.key === 'input') {
      command.argument('<input>', spec.help);
      continue;
    }
    const option = new Option(flagText(spec), helpText(spec));
    if (spec.kind === 'list') option.argParser(collect);
    command.addOption(option);
  }
  return command;
}

/** What the user wrote, keyed like {@link AnonymizeOptions}, ready for `validateOptions`. */
export function writtenOptions(input: string, values: Record<string, unknown>): WrittenOptions {
  const written: WrittenOptions = { input };
  for (const spec of OPTION_SPECS) {
    if (spec.key === 'input') continue;
    const value = values[spec.key as keyof AnonymizeOptions];
    if (value !== undefined) written[spec.key] = value as WrittenOptions[keyof AnonymizeOptions];
  }
  return written;
}
