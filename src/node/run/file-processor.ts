/**
 * Pass 2 for one file, in whichever thread runs it: open the input entry from its ref, plan the
 * edits, write the new bytes to a temp file under `<output>/.dicomveil-tmp/`, re-read what was
 * written and verify it (names in every searched form, bulk data a verbatim copy), then rename it
 * into place, or into quarantine when a name survived.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildNameIndex, type KnownPatient, type NameIndex } from '../../core/anonymize/name-index.ts';
import { keyedValues } from '../../core/ids/keyed-values.ts';
import { buildProfile, type CleanOption, type Profile, type ProfileName, type RetainOption } from '../../core/profiles/index.ts';
import { riskFlags } from '../../core/anonymize/risk.ts';
import type { DicomFile } from '../../core/dicom/model.ts';
import type { Needles } from '../../core/verify/index.ts';
import { parseDicom } from '../../core/dicom/reader.ts';
import { identityOf } from '../../core/plan/header-facts.ts';
import { CHANGED_SINCE_SCAN, seenDigest } from '../../core/plan/seen-facts.ts';
import { DicomParseError } from '../../core/errors.ts';
import { openFileSource } from '../io/file-source.ts';
import { EntryError, openEntry } from '../sources/index.ts';
import type { FileResult, FileTask } from './file-task.ts';
import { killPoint } from './kill-points.ts';
import { entrySource } from './whole-source.ts';
import { accessionHasher, anonymizeToTemp, runNeedles, type StepVerdict, verifyTemp } from './file-steps.ts';

/** What every thread needs once: serialisable, and free of anything but the run's own data. */
export interface ProcessorSetup {
  inputRoot: string;
  output: string;
  tempDir: string;
  quarantineDir: string;
  spillDir: string;
  patients: KnownPatient[];
  key: Uint8Array;
  profile: ProfileName;
  retain: RetainOption[];
  clean: CleanOption[];
  remove: string[];
  privateTags: 'keep' | 'remove';
  version: string;
}

export interface ProcessorContext {
  setup: ProcessorSetup;
  index: NameIndex;
  profile: Profile;
  /** The second opinion's search (verification after each write). */
  needles: Needles;
  hashAccession(value: string): string;
  /** An original UID → its keyed UID (the same in every thread, file and run); profiles that remap UIDs. */
  uid?: (original: string) => string;
  /** Days a patient's dates move back; profiles that shift dates. */
  dateShiftDays?: (patientId: string) => number;
  flagsOf(file: DicomFile): readonly string[];
  nextTemp(): string;
}

/** Folders this thread has made: a series puts hundreds of files in one, and each mkdir is a system call. */
const madeFolders = new Set<string>();

function moveInto(temp: string, target: string): void {
  const folder = dirname(target);
  if (!madeFolders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    if (madeFolders.size > 10_000) madeFolders.clear();
    madeFolders.add(folder);
  }
  try {
    renameSync(temp, target);
  } catch (error) {
    // The folder went away since (an earlier output moved or removed): make it again, once.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !madeFolders.delete(folder)) throw error;
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
    renameSync(temp, target);
  }
}

async function processOne(context: ProcessorContext, task: FileTask): Promise<FileResult> {
  const { setup } = context;
  const target = join(setup.output, task.out);
  let handle: Awaited<ReturnType<typeof openEntry>>;
  try {
    handle = await openEntry(setup.inputRoot, task.ref, { spillDir: setup.spillDir });
  } catch (error) {
    // The header scan read only the start of a zip entry; read whole, it can still fail its CRC
    // (or the file changed since): the same outcome as a corrupt file found in the scan.
    if (error instanceof EntryError) return { ref: task.ref, outcome: 'skipped', out: '', size: 0, flags: [], reason: `unreadable: ${error.message}` };
    throw error;
  }
  const temp = context.nextTemp();
  const source = entrySource(handle.source);
  let placed = false;
  try {
    let file: DicomFile;
    try {
      file = parseDicom(source);
    } catch (error) {
      if (error instanceof DicomParseError) return { ref: task.ref, outcome: 'skipped', out: '', size: 0, flags: [], reason: `corrupt DICOM: ${error.message}` };
      throw error;
    }
    // Replaced since pass 1: the plan's patient and spellings are not this file's (exit 3, never written).
    if (task.seen !== undefined && seenDigest(source.size, identityOf(file)) !== task.seen) {
      return { ref: task.ref, outcome: 'skipped', out: '', size: 0, flags: [], reason: CHANGED_SINCE_SCAN };
    }
    if (task.mode === 'recheck') {
      const existing = openFileSource(target);
      let found: StepVerdict;
      try {
        found = verifyTemp(context, existing, file, task);
      } finally {
        existing.close();
      }
      if (found.clean) return { ref: task.ref, outcome: 'unchanged', out: task.out, size: existing.size, flags: found.flags, ...task.earlier };
    }
    const written = anonymizeToTemp(context, file, source, task, temp);
    let verdict: StepVerdict;
    try {
      killPoint('after-temp');
      verdict = verifyTemp(context, written.output, file, task, written.flags);
    } finally {
      // Closed before the rename: some systems refuse to move an open file.
      written.output.close();
    }
    if (!written.clean || !verdict.clean) {
      const element = written.element ?? verdict.element ?? 'unknown element';
      const quarantined = join(setup.quarantineDir, task.out);
      moveInto(temp, quarantined);
      placed = true;
      return { ref: task.ref, outcome: 'quarantined', out: task.out, size: statSync(quarantined).size, flags: verdict.flags, element };
    }
    const size = written.output.size;
    moveInto(temp, target);
    placed = true;
    killPoint('after-rename');
    return { ref: task.ref, outcome: 'anonymized', out: task.out, size, flags: verdict.flags, ...written.facts, ...(written.actions === undefined ? {} : { actions: written.actions }) };
  } finally {
    if (!placed) rmSync(temp, { force: true });
    source.release();
    await handle.close();
  }
}

/** What a thread builds once from the run's setup; `nextTemp` names its temp files. */
export function processorContext(setup: ProcessorSetup, nextTemp: () => string): ProcessorContext {
  const keyed = keyedValues(setup.key);
  const profile = buildProfile(setup);
  return {
    setup,
    index: buildNameIndex(setup.patients),
    needles: runNeedles(setup.patients, profile),
    profile,
    hashAccession: accessionHasher(setup.key),
    uid: keyed.uid,
    dateShiftDays: keyed.dateShiftDays,
    flagsOf: riskFlags,
    nextTemp,
  };
}

/** The processor factory the pool runs in each thread. */
export async function createFileProcessor(setup: ProcessorSetup): Promise<(task: FileTask) => Promise<FileResult>> {
  let counter = 0;
  const threadTag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // A temp folder per thread: threads creating files in one folder wait on each other's lock.
  const threadDir = join(setup.tempDir, threadTag);
  mkdirSync(threadDir, { recursive: true });
  const context = processorContext(setup, () => join(threadDir, `${counter++}.part`));
  return (task) => processOne(context, task);
}
