/**
 * The PS3.15 Basic Application Level Confidentiality Profile (Annex E) with the standard's Retain
 * and Clean options, resolved from the generated Table E.1-1 into the rules the planner applies
 * (CONTRACT.md, "The basic profile").
 */
import type { NewElement } from '../dicom/model.ts';
import { BASIC_METHOD_NAME, DEIDENTIFICATION_CODES, LONGITUDINAL_VALUES } from './deidentification-codes.ts';
import type { CleanOption, Profile, ProfileAction, ProfileOptions, ProfileRule, RetainOption } from './model.ts';
import { optionFlag, overlayRow, withRemoved } from './overlays.ts';
import { BASIC_TABLE, type TableRow } from './ps3-15-basic.gen.ts';
import { DEIDENTIFICATION_METHOD, PATIENT_ID, PATIENT_IDENTITY_REMOVED, PATIENT_NAME } from './research.ts';

export const DEIDENTIFICATION_METHOD_CODES = 0x00120064;
export const LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = 0x00280303;

const ascii = (text: string) => new TextEncoder().encode(text);

function codeItem([value, meaning]: readonly [string, string]): NewElement[] {
  return [
    { tag: 0x00080100, vr: 'SH', value: ascii(value) },
    { tag: 0x00080102, vr: 'SH', value: ascii('DCM') },
    { tag: 0x00080104, vr: 'LO', value: ascii(meaning) },
  ];
}

/**
 * DeidentificationMethod for the basic profile: tool, version and profile, at most 64 characters
 * (LO). The options are in the code sequence beside it, as codes rather than words.
 */
export function basicMethodText(version: string): string {
  const full = `dicomveil ${version}: ${BASIC_METHOD_NAME}`;
  return full.length <= 64 ? full : full.slice(0, 64);
}

/**
 * The action a table code takes here. Where the table offers a choice, a sequence is emptied
 * (or removed) rather than given an item missing its Type 1 content, and any other value gets a
 * dummy, so Type 1 and Type 2 attributes stay present (X/Z/U*: kept with its UIDs remapped).
 */
export function actionForCode(code: string, vr: string, option: RetainOption | CleanOption | undefined): ProfileAction {
  const sequence = vr === 'SQ';
  switch (code) {
    case 'X':
      return 'remove';
    case 'Z':
    case 'X/Z':
      return 'empty';
    case 'D':
      return 'dummy';
    case 'X/D':
      return sequence ? 'remove' : 'dummy';
    case 'Z/D':
    case 'X/Z/D':
      return sequence ? 'empty' : 'dummy';
    case 'U':
    case 'X/Z/U*':
      return 'uid';
    case 'K':
      return 'keep';
    case 'C':
      return option === 'modified-dates' ? 'shift' : 'clean';
    default:
      throw new Error(`unknown action code ${code}`);
  }
}

function ruleOfRow(row: TableRow, retain: readonly RetainOption[], clean: readonly CleanOption[]): ProfileRule {
  const { code, option } = overlayRow(row, retain, clean);
  const base = { tag: row.tag, keyword: row.keyword, vr: row.vr, code, origin: option === undefined ? `basic ${row.basic}` : optionFlag(option) };
  // Z for PatientName, Z/D for PatientID: the patient's id is the value both get.
  if (row.tag === PATIENT_NAME || row.tag === PATIENT_ID) return { ...base, action: 'pseudonym' };
  return { ...base, ...(row.mask === 0xffffffff ? {} : { mask: row.mask }), action: actionForCode(code, row.vr, option) };
}

/** The basic profile with its options, `--remove` and `--private-tags` (default: remove) applied. */
export function basicProfile(options: ProfileOptions): Profile {
  const retain = RETAIN_ORDER.filter((option) => options.retain?.includes(option));
  const clean = CLEAN_ORDER.filter((option) => options.clean?.includes(option));
  const tableRules = BASIC_TABLE.map((row) => ruleOfRow(row, retain, clean));
  const longitudinal = LONGITUDINAL_VALUES[retain.includes('full-dates') ? 'full' : retain.includes('modified-dates') ? 'modified' : 'removed'];
  const written: ProfileRule[] = [
    { tag: PATIENT_IDENTITY_REMOVED, keyword: 'PatientIdentityRemoved', action: 'set', vr: 'CS', value: 'YES', origin: 'dicomveil' },
    { tag: DEIDENTIFICATION_METHOD, keyword: 'DeidentificationMethod', action: 'set', vr: 'LO', value: basicMethodText(options.version), origin: 'dicomveil' },
    {
      tag: DEIDENTIFICATION_METHOD_CODES,
      keyword: 'DeidentificationMethodCodeSequence',
      action: 'set',
      vr: 'SQ',
      items: [DEIDENTIFICATION_CODES.basic, ...retain.map((option) => DEIDENTIFICATION_CODES[option]), ...clean.map((option) => DEIDENTIFICATION_CODES[option])].map(codeItem),
      origin: 'dicomveil',
    },
    { tag: LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, keyword: 'LongitudinalTemporalInformationModified', action: 'set', vr: 'CS', value: longitudinal, origin: 'dicomveil' },
  ];
  const rules = withRemoved([...tableRules.filter((rule) => !written.some((own) => own.tag === rule.tag)), ...written], options.remove ?? []);
  const exact = rules.filter((rule) => rule.mask === undefined);
  return {
    name: 'basic',
    retain,
    clean,
    rules,
    removePrivate: (options.privateTags ?? 'remove') === 'remove',
    byTag: new Map(exact.map((rule) => [rule.tag >>> 0, rule])),
    masked: rules.filter((rule) => rule.mask !== undefined),
    inMeta: true,
    ...(retain.includes('uids') ? {} : { uidRule: { tag: 0, keyword: '(any other UID)', action: 'uid', vr: 'UI', origin: 'basic U: every UID not of the registry' } }),
    ...(retain.includes('modified-dates') ? { dateRule: { tag: 0, keyword: '(any other date)', action: 'shift', vr: 'DA', origin: '--retain modified-dates' } } : {}),
  };
}

const RETAIN_ORDER: readonly RetainOption[] = ['full-dates', 'modified-dates', 'patient-characteristics', 'device', 'institution', 'uids'];
const CLEAN_ORDER: readonly CleanOption[] = ['descriptors', 'structured-content'];
