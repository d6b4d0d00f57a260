/**
 * The two halves of pass 2 for one file: writing the anonymized bytes to a temp file, and
 * verifying a written file by reading it back as a stranger would (names in every searched form
 * and in its output path; bulk data compared byte for byte with the source).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { type FilePlan, planFileEdits } from '../../core/anonymize/plan.ts';
import { isBulkDataAt, streamOf } from '../../core/anonymize/searched.ts';
import { ACCESSION_NUMBER, OWN_TEXTS } from '../../core/profiles/research.ts';
import { decodeText } from '../../core/dicom/charset.ts';
import type { DicomElement, DicomFile } from '../../core/dicom/model.ts';
import { parseDicom } from '../../core/dicom/reader.ts';
import type { ByteSource } from '../../core/dicom/source.ts';
import { rewriteDicom } from '../../core/dicom/writer.ts';
import { CharsetError, DicomParseError } from '../../core/errors.ts';
import { keyedValues } from '../../core/ids/keyed-values.ts';
import type { Profile, ProfileAction } from '../../core/profiles/model.ts';
import { ruleForElement } from '../../core/profiles/select.ts';
import { findRemappedUid, remappedUids } from '../../core/profiles/uid-check.ts';
import { buildNeedles, type Needles, secondOpinionParsed, secondOpinionPath, type VerifyPatient } from '../../core/verify/index.ts';
import { FileSource } from '../io/file-source.ts';
import { writePartsToFd } from '../io/write-parts.ts';
import { sameBytes } from './bulk-compare.ts';
import type { ProcessorContext } from './file-processor.ts';
import type { FileResult, FileTask } from './file-task.ts';

export interface StepVerdict {
  clean: boolean;
  /** Where a name was found (tag path, `path`, `bulk data`…), for the residue message. */
  element?: string;
  flags: string[];
}

/** What a written file's report line says besides its outcome. */
export type WrittenFacts = Pick<FileResult, 'warnings' | 'names' | 'shortened'>;

/** The facts of a file planned with `plan`: values changed by names, shortened, junk dropped. */
export function writtenFacts(file: DicomFile, plan: FilePlan): WrittenFacts {
  const names: Record<string, number> = {};
  for (const replaced of plan.replaced) if (replaced.cause === 'name') names[replaced.keyword] = (names[replaced.keyword] ?? 0) + 1;
  const warnings = file.trailingJunk === undefined ? [] : [`${file.trailingJunk.length} bytes of junk after the data set dropped`];
  return {
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(Object.keys(names).length > 0 ? { names } : {}),
    ...(plan.shortened.length > 0 ? { shortened: plan.shortened.length } : {}),
  };
}

/** The keyed replacement of AccessionNumber: the ids module's `keyedValue`, computed synchronously. */
export function accessionHasher(key: Uint8Array): (value: string) => string {
  const values = keyedValues(key);
  return (value) => values.hashValue('AccessionNumber', value);
}

/** What dicomveil writes on purpose under `profile`, which the second opinion must not report. */
export function writtenOnPurpose(profile: Profile): string[] {
  return [...OWN_TEXTS, ...profile.rules.flatMap((rule) => (rule.action === 'set' && rule.value !== undefined ? [rule.value] : []))];
}

/** The second opinion's search for a run: every known patient, and the texts written on purpose. */
export function runNeedles(patients: readonly VerifyPatient[], profile: Profile): Needles {
  return buildNeedles(patients, writtenOnPurpose(profile));
}

/** A top-level text value, trimmed; undefined when absent or unreadable. */
function textOf(file: DicomFile, tag: number): string | undefined {
  const element = file.get(tag);
  if (element === undefined || element.isSequence || element.isBulk || element.inMeta) return undefined;
  try {
    return decodeText(element.value(), element.charsets, element.vr).trim();
  } catch (error) {
    if (error instanceof CharsetError) return undefined;
    throw error;
  }
}

/**
 * The keyed hash written in place of the input's AccessionNumber, when the output holds it: the
 * planner takes the next variant when a hash spells a name, so the variants are tried too.
 */
function writtenAccession(context: ProcessorContext, input: DicomFile, output: DicomFile): string[] {
  const original = textOf(input, ACCESSION_NUMBER);
  const written = textOf(output, ACCESSION_NUMBER);
  if (!original || !written || written === original) return [];
  for (let attempt = 0; attempt < 64; attempt++) {
    if (context.hashAccession(attempt === 0 ? original : `${original}\u0000${attempt}`) === written) return [written];
  }
  return [];
}

/**
 * Plans and writes the anonymized file to `temp`; `clean: false` when the plan already knows of a
 * residue. The temp file stays open for reading (`output`, the caller closes it): verification
 * reads back what is on disk through the same descriptor, without opening the file again.
 */
function countActions(actions: readonly { keyword: string; action: string }[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const { keyword, action } of actions) {
    const of = counts[keyword] ?? {};
    of[action] = (of[action] ?? 0) + 1;
    counts[keyword] = of;
  }
  return counts;
}

export function anonymizeToTemp(
  context: ProcessorContext,
  file: DicomFile,
  source: ByteSource,
  task: FileTask,
  temp: string,
): StepVerdict & { output: FileSource; facts: WrittenFacts; actions?: Record<string, Record<string, number>> } {
  const plan = planFileEdits(file, {
    index: context.index,
    patientId: task.patientId,
    profile: context.profile,
    hashAccession: context.hashAccession,
    ...(context.uid === undefined ? {} : { uid: context.uid }),
    ...(context.dateShiftDays === undefined ? {} : { dateShiftDays: context.dateShiftDays(task.patientId) }),
  });
  const parts = rewriteDicom(file, plan.edits);
  const fd = openSync(temp, 'w+');
  let written: FileSource;
  try {
    writePartsToFd(parts, source, fd);
    written = new FileSource(fd, fstatSync(fd).size);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  const first = plan.residues[0];
  const verdict: StepVerdict = first === undefined ? { clean: true, flags: [...plan.flags] } : { clean: false, element: first.location.tagPath ?? 'preamble', flags: [...plan.flags] };
  return { ...verdict, output: written, facts: writtenFacts(file, plan), ...(plan.actions.length > 0 ? { actions: countActions(plan.actions) } : {}) };
}

/** Actions that write a value of their own in place of the original. */
const REPLACES_VALUE: ReadonlySet<ProfileAction> = new Set(['empty', 'dummy', 'set']);

function bulkElements(file: DicomFile): DicomElement[] {
  const out: DicomElement[] = [];
  for (const element of file.elements()) if (isBulkDataAt(element)) out.push(element);
  return out;
}

/**
 * Every bulk value of the output (bulk data at its standard places, copied verbatim) equals the
 * source's, in order. Large text values are edited like small ones and are not compared.
 */
function bulkCopied(input: DicomFile, output: DicomFile, profile: Profile): string | undefined {
  const written = bulkElements(output);
  const byPath = new Map(bulkElements(input).map((element) => [element.path, element]));
  for (const element of written) {
    const original = byPath.get(element.path);
    if (!original) return `${element.path} (bulk data with no source)`;
    // The profile's own dummy or empty value (an EncapsulatedDocument under basic) is meant to differ.
    if (REPLACES_VALUE.has(ruleForElement(profile, original)?.action ?? 'keep')) continue;
    if (!sameBytes(streamOf(input, original), { offset: original.valueOffset, length: original.valueLength }, streamOf(output, element), { offset: element.valueOffset, length: element.valueLength })) {
      return `${element.path} (bulk data differs from the source)`;
    }
  }
  return undefined;
}

/**
 * Reads a written file back from disk (`written`, left open for the caller to close) and checks
 * it: names anywhere searched, names in `task.out`, bulk data copied. `inputFlags`: the input's
 * risk flags when already worked out.
 */
export function verifyTemp(context: ProcessorContext, written: FileSource, input: DicomFile, task: FileTask, inputFlags?: readonly string[]): StepVerdict {
  if (secondOpinionPath(context.needles, task.out, task.patientId).length > 0) return { clean: false, element: 'output path', flags: [] };
  let output: DicomFile;
  try {
    output = parseDicom(written);
  } catch (error) {
    if (error instanceof DicomParseError) return { clean: false, element: `file structure (${error.message})`, flags: [] };
    throw error;
  }
  // Risk flags come from attributes the anonymizer never edits: the input's are the output's
  // (the plan's, when the file was just planned).
  const flags = [...(inputFlags ?? context.flagsOf(input))];
  const findings = secondOpinionParsed(output, context.needles, { ownId: task.patientId, protect: writtenAccession(context, input, output) });
  if (findings.length > 0) return { clean: false, element: findings[0]!.place, flags };
  const uidLeft = findRemappedUid(output, task.out, remappedUids(input, context.profile));
  if (uidLeft !== undefined) return { clean: false, element: uidLeft, flags };
  const bulk = bulkCopied(input, output, context.profile);
  if (bulk !== undefined) return { clean: false, element: bulk, flags };
  return { clean: true, flags };
}
