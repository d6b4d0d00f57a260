/**
 * Per-file anonymization as a plan: the edits that make one parsed file shareable (the research
 * profile, then every known name and PatientID in every searched element replaced by its id),
 * what they change, what cannot be cleaned (residues) and the file's risk flags. Pure: the
 * pipeline applies the edits with the codec and verifies the written bytes.
 */
import { decodeText, encodeText, replaceText } from '../dicom/charset.ts';
import type { DicomElement, DicomFile, Edit } from '../dicom/model.ts';
import { CharsetError, type ResidueError } from '../errors.ts';
import { findNamesInBytes } from './byte-search.ts';
import { findingError } from './finding.ts';
import { findNames } from './find-names.ts';
import type { NameIndex } from './name-index.ts';
import type { Profile, ProfileRule } from './profile.ts';
import { type DocumentKind, documentKind, type RiskFlag, riskFlags } from './risk.ts';
import { isPrivateTag, looksLikeText, searchMode, valueChunks } from './searched.ts';

export interface PlanContext {
  readonly index: NameIndex;
  /** The id of the file's own patient: PatientName and PatientID become it; it wins ties. */
  readonly patientId: string;
  readonly profile: Profile;
  /** AccessionNumber → a keyed hash of itself (at most 16 characters: the value is SH). */
  readonly hashAccession: (value: string) => string;
  /** The id written for a patient id found in text (by default the id itself). */
  readonly idFor?: (patientId: string) => string;
  /** The file's path, for error locations. */
  readonly file?: string;
}

/** An element whose text had names or PatientIDs replaced. */
export interface Replacement {
  readonly tagPath: string;
  /** Ids of the patients named there (several when another patient's name was found too). */
  readonly patientIds: readonly string[];
}

export interface Removal {
  readonly tagPath: string;
  readonly reason: 'profile' | 'private-tags' | 'name-in-binary';
}

export interface FilePlan {
  readonly edits: Edit[];
  readonly replaced: Replacement[];
  readonly removed: Removal[];
  /** Names that cannot be removed: the file is a residue (`--on-residue`). */
  readonly residues: ResidueError[];
  readonly flags: RiskFlag[];
  readonly document: DocumentKind | undefined;
  /** Values the plan wrote that are not names even if they spell one (hashes): pass to verification. */
  readonly protect: string[];
}

const PREAMBLE = 128;

function trimmed(text: string): string {
  return text.replace(/[\0 ]+$/, '').trim();
}

/** Plans the edits that anonymize one parsed file. Never throws for content; see {@link FilePlan.residues}. */
export function planFileEdits(file: DicomFile, ctx: PlanContext): FilePlan {
  const plan: FilePlan = { edits: [], replaced: [], removed: [], residues: [], flags: riskFlags(file), document: documentKind(file), protect: [] };
  const idFor = ctx.idFor ?? ((id: string) => id);
  const residue = (patientId: string, message: string, element?: DicomElement, offset?: number) => {
    const finding = { patientId, where: 'element' as const, message, ...(element ? { tagPath: element.path } : {}), ...(offset === undefined ? {} : { offset }) };
    plan.residues.push(findingError(finding, ctx.file));
  };
  if (file.hasPreamble) {
    for (const hit of findNamesInBytes(ctx.index, new Uint8Array(file.source.read(0, PREAMBLE)))) {
      residue(hit.patientId, `the preamble holds a name or PatientID of ${hit.patientId} at byte ${hit.offset}`, undefined, hit.offset);
    }
  }
  const handled = new Set<number>();
  let skip: { meta: boolean; end: number } | undefined;
  const remove = (element: DicomElement, reason: Removal['reason']) => {
    plan.edits.push({ op: 'remove', element });
    plan.removed.push({ tagPath: element.path, reason });
    skip = { meta: element.inMeta, end: element.end };
  };

  for (const element of file.elements()) {
    if (skip !== undefined && skip.meta === element.inMeta && element.offset < skip.end) continue;
    const rule = element.inMeta ? undefined : ctx.profile.byTag.get(element.tag >>> 0);
    if (rule !== undefined && applyRule(element, rule, ctx, plan, remove)) {
      if (element.depth === 0) handled.add(rule.tag);
      continue;
    }
    if (!element.inMeta && ctx.profile.removePrivate && isPrivateTag(element.tag)) {
      remove(element, 'private-tags');
      continue;
    }
    scrubElement(file, element, ctx, idFor, plan, remove, residue);
  }

  for (const rule of ctx.profile.rules) {
    if (handled.has(rule.tag)) continue;
    const value = rule.action === 'pseudonym' ? ctx.patientId : rule.action === 'set' ? rule.value : undefined;
    if (value === undefined) continue;
    if (rule.action === 'set') plan.protect.push(value);
    plan.edits.push({ op: 'insert', tag: rule.tag, vr: rule.vr, value: encodeText(value, [], rule.vr) });
  }
  return plan;
}

/** Applies a profile rule; false when the element is left to the name scrub (sequences, nested `set`). */
function applyRule(element: DicomElement, rule: ProfileRule, ctx: PlanContext, plan: FilePlan, remove: (e: DicomElement, r: Removal['reason']) => void): boolean {
  switch (rule.action) {
    case 'remove':
      remove(element, 'profile');
      return true;
    case 'pseudonym':
      if (element.isSequence || element.isBulk) return false;
      plan.edits.push({ op: 'set', element, value: encodeText(ctx.patientId, [], element.vr) });
      plan.replaced.push({ tagPath: element.path, patientIds: [ctx.patientId] });
      return true;
    case 'hash': {
      if (element.isSequence || element.isBulk) return false;
      const value = trimmed(decodeText(element.value(), element.charsets, element.vr));
      if (value === '') return true;
      const hashed = ctx.hashAccession(value);
      plan.edits.push({ op: 'set', element, value: encodeText(hashed, [], element.vr) });
      plan.protect.push(hashed);
      return true;
    }
    case 'set':
      if (element.depth > 0 || element.isSequence || element.isBulk) return false;
      plan.edits.push({ op: 'set', element, value: encodeText(rule.value ?? '', [], element.vr) });
      plan.protect.push(rule.value ?? '');
      return true;
  }
}

type Remove = (element: DicomElement, reason: Removal['reason']) => void;
type Residue = (patientId: string, message: string, element?: DicomElement, offset?: number) => void;

/** Replaces names in a text value in place; removes or reports names in binary values. */
function scrubElement(file: DicomFile, element: DicomElement, ctx: PlanContext, idFor: (id: string) => string, plan: FilePlan, remove: Remove, residue: Residue): void {
  let mode = searchMode(element);
  if (mode === 'none') return;
  const isPrivate = isPrivateTag(element.tag);
  if (element.isBulk) {
    // A large value that is not pixel data: searched as bytes, a chunk at a time.
    for (const [at, bytes] of valueChunks(file, element)) {
      const hit = findNamesInBytes(ctx.index, bytes)[0];
      if (hit === undefined) continue;
      if (isPrivate) remove(element, 'name-in-binary');
      else residue(hit.patientId, `${element.path} (binary) holds a name or PatientID of ${hit.patientId}`, element, at + hit.offset);
      return;
    }
    return;
  }
  let value = element.value();
  const vr = mode === 'text' ? element.vr : 'UN';
  if (mode === 'bytes' && element.vr === 'UN' && looksLikeText(value)) mode = 'text';
  if (mode === 'text') {
    try {
      const text = decodeText(value, element.charsets, vr);
      const spans = findNames(ctx.index, text, { prefer: ctx.patientId });
      if (spans.length > 0) {
        value = replaceText(value, element.charsets, vr, spans.map((span) => ({ start: span.start, end: span.end, text: idFor(span.patientId) })));
        plan.edits.push({ op: 'set', element, value });
        plan.replaced.push({ tagPath: element.path, patientIds: [...new Set(spans.map((span) => span.patientId))] });
      }
    } catch (error) {
      if (!(error instanceof CharsetError)) throw error;
      if (isPrivate) remove(element, 'name-in-binary');
      else residue(ctx.patientId, `${element.path}: the id cannot be written in the element's character set (${error.message})`, element);
      return;
    }
  }
  // Whatever the declared encoding, the bytes must not hold a name read as UTF-8, Latin-1 or UTF-16.
  const hit = findNamesInBytes(ctx.index, value)[0];
  if (hit === undefined) return;
  if (isPrivate) {
    const last = plan.edits[plan.edits.length - 1];
    if (last?.op === 'set' && last.element === element) plan.edits.pop();
    remove(element, 'name-in-binary');
  } else {
    residue(hit.patientId, `${element.path} holds a name or PatientID of ${hit.patientId} that cannot be replaced (${hit.encoding} bytes)`, element, element.valueOffset + hit.offset);
  }
}
