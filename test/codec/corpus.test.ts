/**
 * The codec against every file of the shared corpus, judged by dcmtk and pydicom:
 * - a file parses exactly when dcmdump reads it; any other ends in a DicomParseError;
 * - writing back unchanged gives the same bytes;
 * - setting PatientName (longer and non-ASCII where the charset allows, shorter, inserted where
 *   absent) gives a file dcmdump reads, where pydicom reads the new name exactly and every other
 *   element unchanged, and where our own reader finds every other element's bytes unchanged.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { canEncodeText, encodeText } from '../../src/core/dicom/charset.ts';
import { type DicomElement, type DicomFile, type Edit, bytesSource, joinParts, parseDicom, rewriteDicom } from '../../src/core/dicom/index.ts';
import { DicomParseError } from '../../src/core/errors.ts';
import { dcmdumpUnavailable, pydicomUnavailable, SYSTEM_PYTHON } from '../support/checkers.ts';
import { corpusEntries, corpusUnavailable } from '../support/corpus.ts';
import { dcmdumpReadsEach } from './dcmtk.ts';

const PATIENT_NAME = 0x00100010;
const ascii = (value: string) => new TextEncoder().encode(value);
const text = (element: DicomElement | undefined) => (element ? new TextDecoder('latin1').decode(element.value()).replace(/[\0 ]+$/, '') : undefined);
const skip = corpusUnavailable() ?? dcmdumpUnavailable() ?? pydicomUnavailable();
const dir = mkdtempSync(join(tmpdir(), 'dicomveil-corpus-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Names to try, most demanding first; the first the file's character set can hold is used. */
const LONG_NAMES = ['Müller-Lüdenscheid^Zoë Anaïs', 'Παπαδόπουλος^Αλέξανδρος', 'Иванов^Пётр', 'محمد^علي', 'כהן^דוד', 'やまだ^たろう=山田^太郎', '홍^길동', '王^小明', 'Anonymous^Patient^With^Long^Name'];

function longName(charsets: readonly string[]): string {
  return LONG_NAMES.find((name) => canEncodeText(name, charsets, 'PN')) ?? LONG_NAMES.at(-1)!;
}

interface Variant {
  label: string;
  name: (charsets: readonly string[]) => string;
  /** Remove PatientName first, then insert it: the insertion path for every file. */
  reinsert: boolean;
}

const VARIANTS: Variant[] = [
  { label: 'longer', name: longName, reinsert: false },
  { label: 'shorter', name: () => 'X', reinsert: false },
  { label: 'inserted', name: () => 'subj_ab12cd34', reinsert: true },
];

function editsFor(file: DicomFile, variant: Variant): { edits: Edit[]; name: string } {
  const existing = file.get(PATIENT_NAME);
  const charsets = file.datasetElements.find((element) => element.tag === 0x00080005)?.charsets ?? [];
  const name = variant.name(existing?.charsets ?? charsets);
  const value = encodeText(name, existing?.charsets ?? charsets, 'PN');
  if (existing && !variant.reinsert) return { edits: [{ op: 'set', element: existing, value }], name };
  const edits: Edit[] = existing ? [{ op: 'remove', element: existing }] : [];
  edits.push({ op: 'insert', tag: PATIENT_NAME, vr: 'PN', value });
  return { edits, name };
}

/** Every element of `before` other than top-level PatientName and group lengths, bytes unchanged in `after`. */
function changedElements(before: DicomFile, after: DicomFile): string[] {
  const kept = (element: DicomElement) => !(element.depth === 0 && element.tag === PATIENT_NAME) && (element.tag & 0xffff) !== 0;
  const bytesOf = (file: DicomFile, element: DicomElement) =>
    element.isSequence ? `${element.items.length} items` : Buffer.from(readElement(file, element)).toString('hex');
  const index = (file: DicomFile) => new Map([...file.elements()].filter(kept).map((element) => [element.path, bytesOf(file, element)]));
  const old = index(before);
  const now = index(after);
  return [...new Set([...old.keys(), ...now.keys()])].filter((path) => old.get(path) !== now.get(path));
}

/** Group length elements whose value is not the size of the rest of their group, at any level. */
function wrongGroupLengths(file: DicomFile): string[] {
  const levels: (readonly DicomElement[])[] = [file.metaElements, file.datasetElements];
  for (const element of file.elements()) levels.push(...element.items);
  const wrong: string[] = [];
  for (const level of levels) {
    for (const groupLength of level.filter((element) => (element.tag & 0xffff) === 0 && element.valueLength === 4)) {
      const group = groupLength.tag >>> 16;
      const size = level.filter((element) => element.tag >>> 16 === group && element !== groupLength).reduce((sum, element) => sum + element.end - element.offset, 0);
      const value = new DataView(groupLength.value().buffer).getUint32(0, file.encoding.littleEndian || groupLength.inMeta);
      if (value !== size) wrong.push(groupLength.path);
    }
  }
  return wrong;
}

/** The element's bytes from the stream its offsets refer to; bulk values are compared too. */
function readElement(file: DicomFile, element: DicomElement): Uint8Array {
  const stream = element.inMeta || !file.deflated ? file.source : (file as unknown as { datasetSource: typeof file.source }).datasetSource;
  return stream.read(element.offset, element.end - element.offset);
}

interface Parsed {
  path: string;
  absolutePath: string;
  bytes: Uint8Array;
  file: DicomFile;
}

let parsedFiles: Parsed[] | undefined;
const wrongParses: string[] = [];

/** Parses the corpus once, comparing each outcome with dcmdump's. */
function parseCorpus(): Parsed[] {
  if (parsedFiles) return parsedFiles;
  parsedFiles = [];
  const entries = corpusEntries();
  const readable = dcmdumpReadsEach(entries.map((entry) => entry.absolutePath));
  entries.forEach((entry, index) => {
    const bytes = new Uint8Array(readFileSync(entry.absolutePath));
    try {
      const file = parseDicom(bytesSource(bytes));
      parsedFiles!.push({ path: entry.path, absolutePath: entry.absolutePath, bytes, file });
      if (!readable[index]) wrongParses.push(`${entry.path}: parsed, but dcmdump cannot read it`);
    } catch (error) {
      if (!(error instanceof DicomParseError)) wrongParses.push(`${entry.path}: ${error}`);
      else if (readable[index]) wrongParses.push(`${entry.path}: dcmdump reads it, we fail with ${error.code} ${error.message}`);
    }
  });
  return parsedFiles;
}

interface EditOutcome {
  problems: string[];
  refused: string[];
}

let editOutcomes: Map<string, EditOutcome> | undefined;

/** Writes every variant of every parsed file, then checks them all with dcmdump and one pydicom run. */
function editCorpus(): Map<string, EditOutcome> {
  if (editOutcomes) return editOutcomes;
  editOutcomes = new Map(VARIANTS.map((variant) => [variant.label, { problems: [], refused: [] }]));
  const jobs: { original: string; edited: string; name: string; variant: string }[] = [];
  for (const variant of VARIANTS) {
    const outcome = editOutcomes.get(variant.label)!;
    parseCorpus().forEach(({ path, absolutePath, file }, index) => {
      const { edits, name } = editsFor(file, variant);
      let parts: ReturnType<typeof rewriteDicom>;
      try {
        parts = rewriteDicom(file, edits);
      } catch (error) {
        // Only a file cut inside a sequence may refuse an append; dcmdump reads those leniently.
        if (!(error instanceof DicomParseError && error.code === 'E_CUT_CONTAINER')) throw error;
        outcome.refused.push(path);
        return;
      }
      const bytes = joinParts(parts, file.source);
      const editedPath = join(dir, `${variant.label}-${index}.dcm`);
      writeFileSync(editedPath, bytes);
      jobs.push({ original: absolutePath, edited: editedPath, name, variant: variant.label });
      const reread = parseDicom(bytesSource(bytes));
      const changed = changedElements(file, reread);
      if (changed.length > 0) outcome.problems.push(`${path}: our reader sees changes in ${changed.slice(0, 3).join(', ')}`);
      const wrongBefore = new Set(wrongGroupLengths(file));
      const wrongAfter = wrongGroupLengths(reread).filter((groupPath) => !wrongBefore.has(groupPath));
      if (wrongAfter.length > 0) outcome.problems.push(`${path}: group lengths now wrong: ${wrongAfter.join(', ')}`);
    });
  }
  dcmdumpReadsEach(jobs.map((job) => job.edited)).forEach((ok, index) => {
    const job = jobs[index]!;
    if (!ok) editOutcomes!.get(job.variant)!.problems.push(`${job.original}: dcmdump cannot read the edited file`);
  });
  const run = spawnSync(SYSTEM_PYTHON, [join(import.meta.dirname, 'pydicom-dump.py')], {
    input: jobs.map((job) => JSON.stringify(job)).join('\n'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const results = run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { name?: string; changed?: string[]; error?: string });
  if (run.status !== 0 || results.length !== jobs.length) throw new Error(`pydicom checker failed: ${run.stderr}`);
  results.forEach((result, index) => {
    const job = jobs[index]!;
    const problems = editOutcomes!.get(job.variant)!.problems;
    if (result.error) problems.push(`${job.original}: pydicom: ${result.error}`);
    else if (result.name !== job.name) problems.push(`${job.original}: pydicom reads ${JSON.stringify(result.name)}, expected ${JSON.stringify(job.name)}`);
    else if (result.changed!.length > 0) problems.push(`${job.original}: pydicom sees changes in ${result.changed!.slice(0, 3).join(', ')}`);
  });
  return editOutcomes;
}

/** Our tree in pydicom-tree.py's terms: tag path -> SHA-1 of the stored value, or "SQ <items>". */
function ourTree(file: DicomFile): Map<string, string> {
  const tree = new Map<string, string>();
  for (const element of file.elements()) {
    if (element.isSequence) tree.set(element.path, `SQ ${element.items.length}`);
    else {
      const stream = element.inMeta || !file.deflated ? file.source : (file as unknown as { datasetSource: typeof file.source }).datasetSource;
      tree.set(element.path, createHash('sha1').update(stream.read(element.valueOffset, element.valueLength)).digest('hex'));
    }
  }
  return tree;
}

/** What differs between pydicom's tree and ours; we may see more only inside values pydicom left opaque. */
function treeDifferences(theirs: Record<string, string | null>, ours: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, digest] of Object.entries(theirs)) {
    if (!ours.has(path)) problems.push(`missing ${path}`);
    // A private or UN value pydicom keeps as bytes may be a sequence to us: we read deeper.
    else if (digest !== null && ours.get(path) !== digest && !ours.get(path)!.startsWith('SQ ')) problems.push(`different ${path}`);
  }
  for (const path of ours.keys()) {
    if (path in theirs) continue;
    const opaqueAncestor = [...path.matchAll(/\[\d+\]\./g)].some((match) => {
      const ancestor = path.slice(0, match.index);
      return ancestor in theirs && !theirs[ancestor]?.startsWith('SQ ');
    });
    if (!opaqueAncestor) problems.push(`extra ${path}`);
  }
  return problems;
}

describe('the codec on the shared corpus', { skip }, () => {
  it('parses every file dcmdump reads, and refuses every other with a DicomParseError', () => {
    const parsed = parseCorpus();
    assert.deepEqual(wrongParses, []);
    assert.ok(parsed.length >= 100, `only ${parsed.length} files parsed`);
  });

  it('finds every element pydicom finds, with the same stored bytes', () => {
    const parsed = parseCorpus();
    const run = spawnSync(SYSTEM_PYTHON, [join(import.meta.dirname, 'pydicom-tree.py')], {
      input: parsed.map(({ absolutePath }) => absolutePath).join('\n'),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(run.status, 0, run.stderr);
    const trees = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { elements?: Record<string, string | null>; error?: string });
    const problems = parsed.flatMap(({ path, file }, index) => {
      const theirs = trees[index]!;
      if (!theirs.elements) return [`${path}: pydicom: ${theirs.error}`];
      return treeDifferences(theirs.elements, ourTree(file)).slice(0, 3).map((problem) => `${path}: ${problem}`);
    });
    assert.deepEqual(problems, []);
  });

  it('reads files cut inside a value when asked to keep such values, and writes them back as they were', () => {
    const refused = corpusEntries().filter((entry) => !parseCorpus().some((parsed) => parsed.path === entry.path));
    const problems: string[] = [];
    let kept = 0;
    for (const entry of refused) {
      const bytes = new Uint8Array(readFileSync(entry.absolutePath));
      let file: DicomFile;
      try {
        file = parseDicom(bytesSource(bytes), { truncatedValues: 'keep' });
      } catch (error) {
        if (!(error instanceof DicomParseError)) problems.push(`${entry.path}: ${error}`);
        continue;
      }
      kept++;
      const cut = [...file.elements()].filter((element) => element.truncated);
      if (cut.length !== 1 || cut[0]!.end !== bytes.length) problems.push(`${entry.path}: ${cut.length} cut values`);
      if (!Buffer.from(joinParts(rewriteDicom(file, []), file.source)).equals(bytes)) problems.push(`${entry.path}: not written back identical`);
    }
    assert.deepEqual(problems, []);
    if (refused.length > 0) assert.ok(kept > 0, 'no refused file reads with truncatedValues: keep');
  });

  it('sets every person name at any depth: lengths around them recomputed, dcmdump and pydicom agree', () => {
    const renamed = ascii('Nested^Edit');
    const jobs: { path: string; original: string; edited: string; names: string[] }[] = [];
    const problems: string[] = [];
    parseCorpus().forEach(({ path, absolutePath, file }, index) => {
      const names = [...file.elements()].filter((element) => element.vr === 'PN' && !element.isBulk && !element.isSequence && !element.inMeta);
      // A DICOMDIR's records point at each other by byte offset: resizing values inside them is
      // not an edit a DICOMDIR survives (the pipeline drops DICOMDIRs).
      const isDicomdir = text(file.get(0x00020002)) === '1.2.840.10008.1.3.10';
      if (names.length === 0 || isDicomdir) return;
      const bytes = joinParts(rewriteDicom(file, names.map((element) => ({ op: 'set' as const, element, value: renamed }))), file.source);
      const edited = join(dir, `nested-${index}.dcm`);
      writeFileSync(edited, bytes);
      const reread = parseDicom(bytesSource(bytes));
      const paths = new Set(names.map((element) => element.path));
      for (const element of reread.elements()) {
        if (paths.has(element.path) && Buffer.from(element.value()).toString() !== 'Nested^Edit ') problems.push(`${path}: ${element.path} reads back wrong`);
      }
      const others = changedElements(file, reread).filter((changed) => !paths.has(changed));
      if (others.length > 0) problems.push(`${path}: our reader sees changes in ${others.slice(0, 3).join(', ')}`);
      jobs.push({ path, original: absolutePath, edited, names: [...paths] });
    });
    assert.ok(jobs.length > 50);
    dcmdumpReadsEach(jobs.map((job) => job.edited)).forEach((ok, index) => {
      if (!ok) problems.push(`${jobs[index]!.path}: dcmdump cannot read the edited file`);
    });
    const run = spawnSync(SYSTEM_PYTHON, [join(import.meta.dirname, 'pydicom-tree.py')], {
      input: jobs.flatMap((job) => [job.original, job.edited]).join('\n'),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(run.status, 0, run.stderr);
    const trees = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { elements?: Record<string, string | null>; error?: string });
    jobs.forEach((job, index) => {
      const before = trees[2 * index]!.elements;
      const after = trees[2 * index + 1]!.elements;
      if (!before || !after) {
        problems.push(`${job.path}: pydicom: ${trees[2 * index + 1]!.error ?? trees[2 * index]!.error}`);
        return;
      }
      const names = new Set(job.names);
      const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        // pydicom keeps some private sequences opaque: they change as a whole when a name inside does.
        (key) => before[key] !== after[key] && !names.has(key) && !key.endsWith(',0000)') && !job.names.some((name) => name.startsWith(`${key}[`)),
      );
      if (changed.length > 0) problems.push(`${job.path}: pydicom sees changes in ${changed.slice(0, 3).join(', ')}`);
      const missing = job.names.filter((name) => !(name in after) && name in before);
      if (missing.length > 0) problems.push(`${job.path}: pydicom lost ${missing.slice(0, 3).join(', ')}`);
    });
    assert.deepEqual(problems, []);
  });

  it('writes every parsed file back byte-identical when nothing changes', () => {
    const different = parseCorpus().filter(({ file, bytes }) => !Buffer.from(joinParts(rewriteDicom(file, []), file.source)).equals(bytes));
    assert.deepEqual(different.map(({ path }) => path), []);
  });

  for (const variant of VARIANTS) {
    it(`sets PatientName (${variant.label}): dcmdump reads it, pydicom reads the new name, nothing else changes`, () => {
      const { problems, refused } = editCorpus().get(variant.label)!;
      assert.deepEqual(problems, []);
      assert.ok(refused.length <= 1, `appending refused for ${refused.join(', ')}`);
    });
  }
});
