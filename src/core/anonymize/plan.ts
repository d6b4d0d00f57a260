/**
 * Per-file anonymization as a plan: the edits that make one parsed file shareable (the research
 * profile, then every known name and PatientID in every searched element replaced by its id),
 * what they change, what cannot be cleaned (residues) and the file's risk flags. Pure: the
 * pipeline applies the edits with the codec and verifies the written bytes.
 */
import { encodeText, replaceText, searchReadings } from '../dicom/charset.ts';
import type { DicomElement, DicomFile, Edit } from '../dicom/model.ts';
import { CharsetError, type ResidueError } from '../errors.ts';
import { findNamesInBytes } from './byte-search.ts';
import { formatTag, keywordForTag } from '../dicom/dictionary.ts';
import { keywordOf } from './keyword.ts';
import { binaryUnitSize } from '../dicom/vr.ts';
import { findingError } from './finding.ts';
import { fitSpans } from './fit-length.ts';
import { findNames, type NameSpan } from './find-names.ts';
import type { NameIndex } from './name-index.ts';
import { ACTION_HANDLERS } from '../profiles/actions/index.ts';
import type { Profile, ProfileAction, ProfileRule } from '../profiles/model.ts';
import { ruleForElement } from '../profiles/select.ts';
import { type DocumentKind, documentKind, type RiskFlag, riskFlags } from './risk.ts';
import { type Piece, scanPieces } from './piece-scan.ts';
import { isPlainAscii, isPrivateData, isPrivateTag, readsAsText, searchMode, streamOf, TEXT_READING_VR, TEXT_VRS } from './searched.ts';

export interface PlanContext {
  readonly index: NameIndex;
  /** The id of the file's own patient: PatientName and PatientID become it; it wins ties. */
  readonly patientId: string;
  readonly profile: Profile;
  /**
   * AccessionNumber → a keyed hash of itself (at most 16 characters: the value is SH). Called
   * again with `value + "\u0000" + n` when a result happens to contain a known name.
   */
  readonly hashAccession: (value: string) => string;
  /** The id written for a patient id found in text (by default the id itself). */
  readonly idFor?: (patientId: string) => string;
  /** The file's path, for error locations. */
  readonly file?: string;
  /** An original UID → its keyed UID (profiles that remap UIDs). */
  readonly uid?: (original: string) => string;
  /** Days the patient's dates move back (profiles that shift dates). */
  readonly dateShiftDays?: number;
}

/** An element whose text had names or PatientIDs replaced. */
export interface Replacement {
  readonly tagPath: string;
  /** Ids of the patients named there (several when another patient's name was found too). */
  readonly patientIds: readonly string[];
  /** `profile`: PatientName, PatientID set to the id; `name`: a name or PatientID found in the value. */
  readonly cause: 'profile' | 'name';
  /** The element's keyword, or its tag for private and unknown elements (report counts). */
  readonly keyword: string;
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
  /** Tag paths of values whose kept text was shortened so the id fits the VR's maximum length. */
  readonly shortened: string[];
  /** Original UIDs remapped in this file → their keyed UIDs: none may remain in the written bytes. */
  readonly uids: Map<string, string>;
  /** Each profile action that edited a value (C: each value cleaned), by attribute keyword (counts for the report; no values). */
  readonly actions: { keyword: string; action: ProfileAction }[];
}

const PREAMBLE = 128;

/** Plans the edits that anonymize one parsed file. Never throws for content; see {@link FilePlan.residues}. */
export function planFileEdits(file: DicomFile, ctx: PlanContext): FilePlan {
  const plan: FilePlan = { edits: [], replaced: [], removed: [], residues: [], flags: riskFlags(file), document: documentKind(file), protect: [], shortened: [], uids: new Map(), actions: [] };
  const idFor = ctx.idFor ?? ((id: string) => id);
  const residue = (patientId: string, message: string, element?: DicomElement, offset?: number) => {
    const finding = { patientId, where: 'element' as const, message, ...(element ? { tagPath: element.path } : {}), ...(offset === undefined ? {} : { offset }) };
    plan.residues.push(findingError(finding, ctx.file));
  };
  // The preamble is no element: readers skip it, and PS3.10 has it all zeros when unused. A name
  // there (a vendor's free text, a TIFF description) is cleared with the rest of it.
  if (file.hasPreamble && findNamesInBytes(ctx.index, new Uint8Array(file.source.read(0, PREAMBLE))).length > 0) {
    plan.edits.push({ op: 'clear-preamble' });
    plan.removed.push({ tagPath: 'preamble', reason: 'name-in-binary' });
  }
  const handled = new Set<number>();
  let skip: { meta: boolean; end: number } | undefined;
  const remove = (element: DicomElement, reason: Removal['reason']) => {
    plan.edits.push({ op: 'remove', element });
    plan.removed.push({ tagPath: element.path, reason });
    skip = { meta: element.inMeta, end: element.end };
  };

  const scrub: Scrub = { file, ctx, idFor, plan, remove, residue };
  // Values are searched raw together; only those with a hit, or with non-ASCII text, one by one.
  const pieces: Piece<DicomElement>[] = [];
  for (const element of file.elements()) {
    if (skip !== undefined && skip.meta === element.inMeta && element.offset < skip.end) continue;
    const rule = ruleForElement(ctx.profile, element);
    if (rule !== undefined && applyRule(element, rule, ctx, plan, remove)) {
      if (element.depth === 0) handled.add(element.tag >>> 0);
      // A sequence given new items: its original items are gone, nothing in them to plan.
      if (element.isSequence && plan.edits.at(-1)?.op === 'set-items') skip = { meta: element.inMeta, end: element.end };
      continue;
    }
    if (!element.inMeta && ctx.profile.removePrivate && isPrivateTag(element.tag)) {
      remove(element, 'private-tags');
      continue;
    }
    const mode = searchMode(element);
    if (mode === 'none') continue;
    // A long text in a declared charset is read in it, like a short one: its names may be in no
    // encoding the raw search reads (ISO 2022, GB18030, Cyrillic).
    const inCharset = element.isBulk ? mode === 'text' && element.charsets.length > 0 && element.valueLength <= MAX_TEXT_VALUE : !isPlainAscii(element.value());
    if (inCharset) scrubElement(scrub, element);
    else pieces.push({ source: streamOf(file, element), start: element.valueOffset, end: element.valueOffset + element.valueLength, owner: element });
  }
  const scrubbed = new Set<DicomElement>();
  for (const { piece, offset, hit } of scanPieces(ctx.index, pieces, ownFind(ctx))) {
    const element = piece.owner;
    if (scrubbed.has(element)) continue;
    scrubbed.add(element);
    const readable = element.valueLength <= MAX_TEXT_VALUE;
    if (readable && readsAsText(element, valueBytes(scrub.file, element))) scrubElement(scrub, element);
    else binaryHit(scrub, element, hit.patientId, offset, hit.encoding);
  }

  for (const rule of ctx.profile.rules) {
    if (handled.has(rule.tag) || rule.mask !== undefined) continue;
    if (rule.action === 'set' && rule.items !== undefined) {
      plan.edits.push({ op: 'insert-sequence', tag: rule.tag, items: rule.items });
      continue;
    }
    const value = rule.action === 'pseudonym' ? ctx.patientId : rule.action === 'set' ? rule.value : undefined;
    if (value === undefined) continue;
    if (rule.action === 'set') plan.protect.push(value);
    plan.edits.push({ op: 'insert', tag: rule.tag, vr: rule.vr, value: encodeText(value, [], rule.vr) });
  }
  return plan;
}

/** Applies a profile rule through its action's handler; false when the element is left to the name scrub. */
function applyRule(element: DicomElement, rule: ProfileRule, ctx: PlanContext, plan: FilePlan, remove: (e: DicomElement, r: Removal['reason']) => void): boolean {
  const edits = plan.edits.length;
  const applied = ACTION_HANDLERS[rule.action]({ element, rule, ctx, plan, remove });
  // Counted is what was done: a handler that left the value as it was (a well-known UID under U,
  // an empty value under Z) did nothing to report. C is the name scrub, counted where it applies.
  if ((applied && plan.edits.length > edits) || rule.action === 'clean') plan.actions.push({ keyword: rule.tag === 0 || rule.mask !== undefined ? (keywordForTag(element.tag) ?? formatTag(element.tag)) : rule.keyword, action: rule.action });
  return applied;
}

const DATASET_TRAILING_PADDING = 0xfffcfffc;

/** Text values up to this size are edited in place even when the codec keeps them as bulk ranges. */
const MAX_TEXT_VALUE = 16 * 1024 * 1024;

/** A value's bytes, read from its stream when the codec keeps it as a bulk range. */
function valueBytes(file: DicomFile, element: DicomElement): Uint8Array {
  return element.isBulk ? new Uint8Array(streamOf(file, element).read(element.valueOffset, element.valueLength)) : element.value();
}

/** How names are searched in a file of the context's patient: its own words alone too; it wins ties. */
function ownFind(ctx: PlanContext): { prefer: string; own: string } {
  return { prefer: ctx.patientId, own: ctx.patientId };
}

type Remove = (element: DicomElement, reason: Removal['reason']) => void;
type Residue = (patientId: string, message: string, element?: DicomElement, offset?: number) => void;

/** What scrubbing an element needs to know and where it writes. */
interface Scrub {
  readonly file: DicomFile;
  readonly ctx: PlanContext;
  readonly idFor: (patientId: string) => string;
  readonly plan: FilePlan;
  readonly remove: Remove;
  readonly residue: Residue;
}

/** A name in a value that is not text: a private element goes, a standard one is a residue. */
function binaryHit(scrub: Scrub, element: DicomElement, patientId: string, offset: number, encoding: string): void {
  const { plan } = scrub;
  // Private data and trailing padding (FFFC,FFFC) mean nothing to other readers: they can go.
  if (isPrivateData(element) || element.tag >>> 0 === DATASET_TRAILING_PADDING) {
    const last = plan.edits[plan.edits.length - 1];
    if (last?.op === 'set' && last.element === element) {
      plan.edits.pop();
      plan.replaced.pop();
    }
    scrub.remove(element, 'name-in-binary');
  } else {
    scrub.residue(patientId, `${element.path} holds a name or PatientID of ${patientId} that cannot be replaced (${encoding} bytes)`, element, offset);
  }
}

/**
 * Text kept in a private element of a binary number VR (FD, US…) after an id replaced a name:
 * padded with NULs to a whole number of values, so readers that check lengths read the file.
 */
function fitUnit(value: Uint8Array, vr: string): Uint8Array {
  const unit = binaryUnitSize(vr);
  if (unit === undefined || value.length % unit === 0) return value;
  const out = new Uint8Array(value.length + unit - (value.length % unit));
  out.set(value);
  return out;
}

/** Replaces names in a text value in place; removes or reports names that remain in its bytes. */
function scrubElement(scrub: Scrub, element: DicomElement): void {
  const { ctx, plan } = scrub;
  let value = valueBytes(scrub.file, element);
  const find = ownFind(ctx);
  // Text declared as such is read with its VR; text in a UN, private or misfit value as long text.
  const vr = TEXT_VRS.has(element.vr) ? element.vr : TEXT_READING_VR;
  // Readings of `value` as it stands that were searched already: the byte search skips them.
  let searched: readonly string[] = [];
  if (readsAsText(element, value)) {
    try {
      const readings = searchReadings(value, element.charsets, vr);
      const text = readings[0]!;
      const spans = spansInReadings(ctx.index, readings, find);
      if (spans.length === 0) searched = readings;
      if (spans.length > 0) {
        // CS holds upper case only; the id reads the same either way (ids are matched case-insensitively).
        const idText = (id: string) => (element.vr === 'CS' ? scrub.idFor(id).toUpperCase() : scrub.idFor(id));
        const fitted = fitSpans(text, spans.map((span) => ({ start: span.start, end: span.end, text: idText(span.patientId) })), vr);
        value = replaceText(value, element.charsets, vr, fitted.spans);
        plan.edits.push({ op: 'set', element, value: fitUnit(value, element.vr) });
        plan.replaced.push({ tagPath: element.path, patientIds: [...new Set(spans.map((span) => span.patientId))], cause: 'name', keyword: keywordOf(element) });
        if (fitted.shortened) plan.shortened.push(element.path);
      }
    } catch (error) {
      if (!(error instanceof CharsetError)) throw error;
      if (isPrivateData(element)) scrub.remove(element, 'name-in-binary');
      else scrub.residue(ctx.patientId, `${element.path}: the id cannot be written in the element's character set (${error.message})`, element);
      return;
    }
  } else if (element.charsets.length > 0 && isPrivateData(element) && !isPlainAscii(value)) {
    // Private binary data may hold text in the file's own character set (ISO 2022, GB18030, Cyrillic…),
    // which none of the readings below would decode.
    const span = charsetSpans(ctx.index, value, element.charsets, vr, find)[0];
    if (span !== undefined) {
      binaryHit(scrub, element, span.patientId, element.valueOffset, element.charsets.join('\\'));
      return;
    }
  }
  // Whatever the declared encoding, the bytes must not hold a name read as UTF-8, Latin-1 or UTF-16.
  const hit = findNamesInBytes(ctx.index, value, find, searched)[0];
  if (hit !== undefined) binaryHit(scrub, element, hit.patientId, element.valueOffset + hit.offset, hit.encoding);
}

/**
 * Names found in the readings of one value (one character per byte in each), as one sorted list
 * without overlaps: a span overlapping the one before it widens it.
 */
function spansInReadings(index: NameIndex, readings: readonly string[], find: { prefer: string; own: string }): NameSpan[] {
  if (readings.length === 1) return findNames(index, readings[0]!, find);
  const sorted = readings.flatMap((reading) => findNames(index, reading, find)).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: NameSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && span.start < last.end) {
      if (span.end > last.end) out[out.length - 1] = { ...last, end: span.end };
    } else out.push(span);
  }
  return out;
}

/** Names in bytes decoded in a character set; none when the bytes do not decode. */
function charsetSpans(index: NameIndex, value: Uint8Array, charsets: readonly string[], vr: string, find: { prefer: string; own: string }): ReturnType<typeof findNames> {
  try {
    return spansInReadings(index, searchReadings(value, charsets, vr), find);
  } catch (error) {
    if (error instanceof CharsetError) return [];
    throw error;
  }
}
