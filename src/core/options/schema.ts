/**
 * The one description of `anonymize`'s options. The CLI builds its flags from it and the GUI its
 * form, so names, defaults, help text and validation messages cannot drift apart
 * (CONTRACT.md, "anonymize options").
 */
import { maxValueLength } from '../dicom/vr.ts';
import { CLEAN_OPTIONS, type CleanOption, PROFILE_NAMES, type ProfileName, RETAIN_OPTIONS, type RetainOption } from '../profiles/model.ts';

export type OptionKind = 'path' | 'number' | 'integer' | 'text' | 'choice' | 'list' | 'flag';

export interface OptionSpec {
  /** Field name in {@link AnonymizeOptions}. */
  readonly key: keyof AnonymizeOptions;
  /** CLI flag without dashes (`private-dir`); `input` is the positional argument. */
  readonly flag: string;
  readonly kind: OptionKind;
  /** Placeholder shown in `--help` and the form (`<dir>`). */
  readonly valueName?: string;
  readonly help: string;
  /** Default as the user sees it in help text; `undefined` means none. */
  readonly defaultText?: string;
  readonly choices?: readonly string[];
  /** One sentence per choice, where a choice's name alone does not say what it does. */
  readonly choiceHelp?: Readonly<Record<string, string>>;
  readonly min?: number;
  readonly max?: number;
  readonly required?: boolean;
  /** Path options: whether the GUI browses for a folder or a file. */
  readonly pathKind?: 'folder' | 'file';
}

export interface AnonymizeOptions {
  input: string;
  output: string;
  privateDir: string;
  demographics: string | undefined;
  links: string | undefined;
  distance: number;
  idPrefix: string;
  idLength: number;
  ids: 'hash' | 'order';
  profile: ProfileName;
  retain: RetainOption[];
  clean: CleanOption[];
  remove: string[];
  privateTags: 'keep' | 'remove';
  onResidue: 'stop' | 'quarantine';
  documents: 'exclude' | 'include';
  dropColumns: string[];
  jobs: number;
  dryRun: boolean;
  json: boolean;
}

export const OPTION_SPECS: readonly OptionSpec[] = [
  { key: 'input', flag: 'input', kind: 'path', pathKind: 'folder', valueName: '<input>', required: true,
    help: 'Folder of patients (each subfolder or zip is one patient); a single .zip also works' },
  { key: 'output', flag: 'output', kind: 'path', pathKind: 'folder', valueName: '<dir>', required: true,
    help: 'The shareable dataset; must not exist, be empty, or be an earlier output of the same private dir' },
  { key: 'privateDir', flag: 'private-dir', kind: 'path', pathKind: 'folder', valueName: '<dir>', defaultText: '<output>-private',
    help: 'Key, mapping, link choices, quarantine, journal; never inside --output; never share it' },
  { key: 'demographics', flag: 'demographics', kind: 'path', pathKind: 'file', valueName: '<file>',
    help: 'CSV or .xlsx with a name column (or first/last name columns) and/or a patient id column (patient_id, mrn, ipp…) matched exactly against PatientID' },
  { key: 'links', flag: 'links', kind: 'path', pathKind: 'file', valueName: '<file>', defaultText: '<private-dir>/links.csv if present',
    help: 'Explicit link choices: columns dicom_name, demographics_name (empty = no demographics row)' },
  { key: 'distance', flag: 'distance', kind: 'number', valueName: '<0..1>', defaultText: '0.2', min: 0, max: 1,
    help: 'Fuzzy-match threshold for names' },
  { key: 'idPrefix', flag: 'id-prefix', kind: 'text', valueName: '<text>', defaultText: 'subj_',
    help: 'Prefix of pseudonym ids' },
  { key: 'idLength', flag: 'id-length', kind: 'integer', valueName: '<n>', defaultText: '8', min: 4, max: 32,
    help: 'Characters after the prefix' },
  { key: 'ids', flag: 'ids', kind: 'choice', choices: ['hash', 'order'], defaultText: 'hash',
    help: 'hash: keyed HMAC of the identity; order: numbers, continued by later runs and never renumbered' },
  { key: 'profile', flag: 'profile', kind: 'choice', choices: PROFILE_NAMES, defaultText: 'research',
    help: 'research: names replaced, dates, UIDs and the rest kept; basic: DICOM PS3.15 Basic Application Level Confidentiality Profile' },
  { key: 'retain', flag: 'retain', kind: 'list', valueName: '<option,...>', choices: RETAIN_OPTIONS,
    help: 'With --profile basic: the standard\'s Retain options (full-dates or modified-dates, patient-characteristics, device, institution, uids)',
    choiceHelp: {
      'full-dates': 'Keeps every date and time as written.',
      'modified-dates': 'Moves every date back by a number of days that the key gives each patient, so intervals between a patient\'s studies stay true.',
      'patient-characteristics': 'Keeps age, sex, size, weight and the other physical characteristics of the patient.',
      device: 'Keeps the make, model, serial number and other identity of the equipment.',
      institution: 'Keeps the name and address of the institution and department that made the images.',
      uids: 'Keeps the original UIDs instead of replacing them with keyed ones.',
    } },
  { key: 'clean', flag: 'clean', kind: 'list', valueName: '<option,...>', choices: CLEAN_OPTIONS,
    help: 'With --profile basic: the standard\'s Clean options (descriptors, structured-content)',
    choiceHelp: {
      descriptors: 'Keeps descriptions and comments (study, series, protocol…) with the known names replaced in them, instead of removing them.',
      'structured-content': 'Keeps the text of structured reports with the known names replaced in it, instead of removing it.',
    } },
  { key: 'remove', flag: 'remove', kind: 'list', valueName: '<tag or keyword,...>',
    help: 'Extra attributes to remove, e.g. InstitutionName,(0008,1040)' },
  { key: 'privateTags', flag: 'private-tags', kind: 'choice', choices: ['keep', 'remove'], defaultText: 'keep (research), remove (basic)',
    help: 'Private elements; names inside them are scrubbed either way' },
  { key: 'onResidue', flag: 'on-residue', kind: 'choice', choices: ['stop', 'quarantine'], defaultText: 'stop',
    help: 'A file whose name cannot be removed: stop the run, or quarantine it and go on' },
  { key: 'documents', flag: 'documents', kind: 'choice', choices: ['exclude', 'include'], defaultText: 'exclude',
    help: 'Encapsulated PDF/CDA documents (their text cannot be verified)' },
  { key: 'dropColumns', flag: 'drop-columns', kind: 'list', valueName: '<col,...>',
    help: 'More demographics columns left out of the shared copy' },
  { key: 'jobs', flag: 'jobs', kind: 'integer', valueName: '<n>', defaultText: 'CPU cores', min: 1, max: 256,
    help: 'Parallel workers' },
  { key: 'dryRun', flag: 'dry-run', kind: 'flag', defaultText: 'off',
    help: 'Plan and report only: creates the private dir and key, writes plan.json there, nothing under --output' },
  { key: 'json', flag: 'json', kind: 'flag', defaultText: 'off', help: 'One JSON summary on stdout at the end' },
];

/** Options as a user wrote them: every field a string (CLI, form) or already typed (API). */
export type WrittenOptions = Partial<Record<keyof AnonymizeOptions, string | number | boolean | string[] | undefined>>;

export interface OptionProblem {
  key: keyof AnonymizeOptions;
  flag: string;
  message: string;
}

export interface ValidatedOptions {
  options?: AnonymizeOptions;
  errors: OptionProblem[];
}

/** Environment facts the core cannot know by itself. */
export interface OptionContext {
  cpuCount: number;
}

function flagLabel(spec: OptionSpec): string {
  return spec.key === 'input' ? '<input>' : `--${spec.flag}`;
}

const HEX4 = /^[0-9a-f]{4}$/i;

/** A written list's items; with `tags`, `0008,1040` (two groups of 4 hex digits) is one item, as parseTagOrKeyword reads it. */
function asList(value: unknown, tags = false): string[] {
  // Commas inside a tag such as (0008,1040) do not separate items.
  const split = (text: string) => text.match(/(?:\([^)]*\)|[^,])+/g) ?? [];
  // Repeated flags arrive as an array, each of which may itself be a comma list.
  const parts = (Array.isArray(value) ? value.flatMap((item) => split(String(item))) : split(String(value))).map((part) => part.trim());
  const items: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const next = parts[i + 1];
    if (tags && HEX4.test(parts[i]!) && next !== undefined && HEX4.test(next)) items.push(`${parts[i]},${parts[++i]}`);
    else items.push(parts[i]!);
  }
  return items.filter((part) => part.length > 0);
}

/** Where the private dir goes when `--private-dir` is not given: beside the output, `<output>-private`. */
export function defaultPrivateDir(output: string): string {
  return `${output.replace(/[\\/]+$/, '')}-private`;
}

/**
 * Turns written options into complete ones, applying defaults once, and returns every problem
 * rather than the first (CLI and GUI both show them all).
 */
export function validateOptions(written: WrittenOptions, context: OptionContext): ValidatedOptions {
  const errors: OptionProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const spec of OPTION_SPECS) {
    const raw = written[spec.key];
    const empty = raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0);
    const problem = (message: string) => errors.push({ key: spec.key, flag: flagLabel(spec), message: `${flagLabel(spec)}: ${message}` });
    if (empty) {
      if (spec.required) problem('is required');
      continue;
    }
    switch (spec.kind) {
      case 'path':
      case 'text':
        out[spec.key] = String(raw);
        break;
      case 'number':
      case 'integer': {
        const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
        if (!Number.isFinite(value) || (spec.kind === 'integer' && !Number.isInteger(value))) {
          problem(`expected ${spec.kind === 'integer' ? 'a whole number' : 'a number'}, got "${String(raw)}"`);
        } else if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
          problem(`must be between ${spec.min} and ${spec.max}, got ${value}`);
        } else out[spec.key] = value;
        break;
      }
      case 'choice':
        if (!spec.choices?.includes(String(raw))) problem(`must be one of ${spec.choices?.join(', ')}, got "${String(raw)}"`);
        else out[spec.key] = String(raw);
        break;
      case 'list': {
        const items = asList(raw, spec.key === 'remove');
        const unknown = spec.choices === undefined ? [] : items.filter((item) => !spec.choices!.includes(item));
        if (unknown.length > 0) problem(`unknown ${unknown.map((item) => `"${item}"`).join(', ')}; expected some of ${spec.choices!.join(', ')}`);
        else out[spec.key] = [...new Set(items)];
        break;
      }
      case 'flag':
        out[spec.key] = raw === true || raw === 'true' || raw === 'on' || raw === '1';
        break;
    }
  }
  if (typeof out.idPrefix === 'string' && !/^[A-Za-z0-9_.-]*$/.test(out.idPrefix)) {
    errors.push({ key: 'idPrefix', flag: '--id-prefix', message: '--id-prefix: only letters, digits, "_", "-" and "." are allowed (it becomes a folder name)' });
  }
  // The id is PatientID's whole value, an LO: prefix and length together must fit it.
  const idMax = maxValueLength('LO')!;
  const idChars = ((out.idPrefix as string | undefined) ?? 'subj_').length + ((out.idLength as number | undefined) ?? 8);
  if (idChars > idMax) {
    errors.push({ key: 'idPrefix', flag: '--id-prefix', message: `--id-prefix and --id-length: an id of ${idChars} characters does not fit PatientID (at most ${idMax})` });
  }
  const profileOptions = [...((out.retain as string[] | undefined) ?? []), ...((out.clean as string[] | undefined) ?? [])];
  if ((out.profile ?? 'research') !== 'basic' && profileOptions.length > 0) {
    const key = (out.retain as string[] | undefined)?.length ? 'retain' : 'clean';
    errors.push({ key, flag: `--${key}`, message: `--${key}: only with --profile basic (the research profile has no such options)` });
  }
  if ((out.retain as string[] | undefined)?.includes('full-dates') && (out.retain as string[]).includes('modified-dates')) {
    errors.push({ key: 'retain', flag: '--retain', message: '--retain: full-dates and modified-dates exclude each other' });
  }
  if (errors.length > 0) return { errors };
  const output = out.output as string;
  const options: AnonymizeOptions = {
    input: out.input as string,
    output,
    privateDir: (out.privateDir as string | undefined) ?? defaultPrivateDir(output),
    demographics: out.demographics as string | undefined,
    links: out.links as string | undefined,
    distance: (out.distance as number | undefined) ?? 0.2,
    idPrefix: (out.idPrefix as string | undefined) ?? 'subj_',
    idLength: (out.idLength as number | undefined) ?? 8,
    ids: (out.ids as AnonymizeOptions['ids'] | undefined) ?? 'hash',
    profile: (out.profile as ProfileName | undefined) ?? 'research',
    retain: (out.retain as RetainOption[] | undefined) ?? [],
    clean: (out.clean as CleanOption[] | undefined) ?? [],
    remove: (out.remove as string[] | undefined) ?? [],
    privateTags: (out.privateTags as AnonymizeOptions['privateTags'] | undefined) ?? (out.profile === 'basic' ? 'remove' : 'keep'),
    onResidue: (out.onResidue as AnonymizeOptions['onResidue'] | undefined) ?? 'stop',
    documents: (out.documents as AnonymizeOptions['documents'] | undefined) ?? 'exclude',
    dropColumns: (out.dropColumns as string[] | undefined) ?? [],
    jobs: (out.jobs as number | undefined) ?? Math.max(1, context.cpuCount),
    dryRun: (out.dryRun as boolean | undefined) ?? false,
    json: (out.json as boolean | undefined) ?? false,
  };
  return { options, errors };
}
