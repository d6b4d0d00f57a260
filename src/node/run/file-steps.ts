/**
 * The two halves of pass 2 for one file: writing the anonymized bytes to a temp file, and
 * verifying a written file by reading it back as a stranger would (names in every searched form
 * and in its output path; bulk data compared byte for byte with the source).
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { planFileEdits } from '../../core/anonymize/plan.ts';
import { ACCESSION_NUMBER, OWN_TEXTS, type Profile } from '../../core/anonymize/profile.ts';
import { streamOf } from '../../core/anonymize/searched.ts';
import { decodeText } from '../../core/dicom/charset.ts';
import type { DicomElement, DicomFile } from '../../core/dicom/model.ts';
import { parseDicom } from '../../core/dicom/reader.ts';
import type { ByteSource } from '../../core/dicom/source.ts';
import { rewriteDicom } from '../../core/dicom/writer.ts';
import { CharsetError, DicomParseError } from '../../core/errors.ts';
import { digestToText } from '../../core/ids/keyed-hash.ts';
import { buildNeedles, type Needles, secondOpinionParsed, secondOpinionPath, type VerifyPatient } from '../../core/verify/index.ts';
import { FileSource } from '../io/file-source.ts';
import { writePartsToFd } from '../io/write-parts.ts';
import { sameBytes } from './bulk-compare.ts';
import type { ProcessorContext } from './file-processor.ts';
import type { FileTask } from './file-task.ts';

export interface StepVerdict {
  clean: boolean;
  /** Where a name was found (tag path, `path`, `bulk data`…), for the residue message. */
  element?: string;
  flags: string[];
}

/** The keyed replacement of AccessionNumber, the same as the ids module's `keyedValue` (sync here). */
export function accessionHasher(key: Uint8Array): (value: string) => string {
  // A study's files share one AccessionNumber: hash each value once per thread, not once per file.
  const known = new Map<string, string>();
  const secret = createSecretKey(key);
  return (value) => {
    let hashed = known.get(value);
    if (hashed === undefined) {
      hashed = digestToText(createHmac('sha256', secret).update(`dicomveil/value/v1\u0000AccessionNumber\u0000${value}`, 'utf8').digest(), 16);
      if (known.size >= 10_000) known.clear();
      known.set(value, hashed);
    }
    return hashed;
  };
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
export function anonymizeToTemp(context: ProcessorContext, file: DicomFile, source: ByteSource, task: FileTask, temp: string): StepVerdict & { output: FileSource } {
  const plan = planFileEdits(file, { index: context.index, patientId: task.patientId, profile: context.profile, hashAccession: context.hashAccession });
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
  return { ...verdict, output: written };
}

function bulkElements(file: DicomFile): DicomElement[] {
  const out: DicomElement[] = [];
  for (const element of file.elements()) if (element.isBulk) out.push(element);
  return out;
}

/**
 * Every bulk value of the output equals the source's, in order. The anonymizer never edits bulk
 * values except by removing a private one with a name in it, so those are matched by tag path.
 */
function bulkCopied(input: DicomFile, output: DicomFile): string | undefined {
  const written = bulkElements(output);
  const byPath = new Map(bulkElements(input).map((element) => [element.path, element]));
  for (const element of written) {
    const original = byPath.get(element.path);
    if (!original) return `${element.path} (bulk data with no source)`;
    if (!sameBytes(streamOf(input, original), { offset: original.valueOffset, length: original.valueLength }, streamOf(output, element), { offset: element.valueOffset, length: element.valueLength })) {
      return `${element.path} (bulk data differs from the source)`;
    }
  }
  return undefined;
}

/**
 * Reads a written file back from disk (`written`, left open for the caller to close) and checks
 * it: names anywhere searched, names in `task.out`, bulk data copied.
 */
export function verifyTemp(context: ProcessorContext, written: FileSource, input: DicomFile, task: FileTask): StepVerdict {
  if (secondOpinionPath(context.needles, task.out, task.patientId).length > 0) return { clean: false, element: 'output path', flags: [] };
  let output: DicomFile;
  try {
    output = parseDicom(written);
  } catch (error) {
    if (error instanceof DicomParseError) return { clean: false, element: `file structure (${error.message})`, flags: [] };
    throw error;
  }
  // Risk flags come from attributes the anonymizer never edits: the input's are the output's.
  const flags = [...context.flagsOf(input)];
  const findings = secondOpinionParsed(output, context.needles, { ownId: task.patientId, protect: writtenAccession(context, input, output) });
  if (findings.length > 0) return { clean: false, element: findings[0]!.place, flags };
  const bulk = bulkCopied(input, output);
  if (bulk !== undefined) return { clean: false, element: bulk, flags };
  return { clean: true, flags };
}
