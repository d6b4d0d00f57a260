/**
 * The main job over every file of the shared corpus of real DICOM files, each in its own patient
 * folder: each file's outcome is the one its MANIFEST.tsv notes call for (files.csv says it, file
 * by file); whatever an independent reader could read before, it reads after; pixel data
 * unchanged; no finding by `verify` nor by a raw scan for the corpus's patient names.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunSummary, verifyOutput } from '../../src/node/run/index.ts';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { corpusEntries, corpusUnavailable } from '../support/corpus.ts';
import { type CorpusRun, expectedCounts, expectedFor, runOverCorpus } from './corpus-run.ts';
import { independentScan, type KnownPerson } from './independent-scan.ts';
import { snapshotTree, tempDir } from './support.ts';

const skip = corpusUnavailable() ?? dcmdumpUnavailable() ?? pydicomUnavailable();

/** files.csv as Python's csv module reads it: every input file with its outcome and reason. */
function filesCsv(path: string): Map<string, { outcome: string; reason: string }> {
  const script = `
import csv, json, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    print(json.dumps(list(csv.DictReader(f, delimiter=';'))))`;
  const rows = JSON.parse(pydicom(script, [path])) as { input_path: string; outcome: string; reason: string }[];
  return new Map(rows.map((row) => [row.input_path, { outcome: row.outcome, reason: row.reason }]));
}

/** Corpus names an independent scan can look for: plain PN values with a family name of letters. */
function persons(names: readonly string[]): KnownPerson[] {
  const out: KnownPerson[] = [];
  for (const name of names) {
    if (name.startsWith('(') || name.includes('\\x') || !name.includes('^')) continue;
    const [family = '', given = ''] = name.split('=')[0]!.split('^');
    if (!/^\p{L}{4,}$/u.test(family) || /^(name|none|anonymized|anonymous)$/i.test(family)) continue;
    // A placeholder such as "Patient^Test" (CONTRACT.md "Patients") is nobody's name: not searched.
    if ([family, given].every((word) => /^(patient|test|name|unknown|anonymous)?$/i.test(word.trim()))) continue;
    out.push({ family, given: given.split(/\s+/).filter((g) => /^\p{L}+$/u.test(g)), patientIds: [] });
  }
  return out;
}

describe('anonymize every corpus file, each its own patient', { skip }, () => {
  const dir = tempDir('corpus');
  const entries = corpusEntries();
  let input: string;
  let output: string;
  let inputOf: CorpusRun['inputOf'];
  let summary: RunSummary;
  let inputBefore: Map<string, string>;
  let pairs: CorpusRun['pairs'];

  before(async () => {
    ({ input, output, inputOf, summary, inputBefore, pairs } = await runOverCorpus(dir.path, entries));
  });
  after(() => dir.remove());

  it('gives each file the outcome its notes call for, and says why in files.csv', () => {
    const listed = filesCsv(join(`${output}-private`, 'files.csv'));
    assert.equal(listed.size, entries.length);
    entries.forEach((entry, i) => {
      const expected = expectedFor(entry);
      const got = listed.get(inputOf(i));
      assert.equal(got?.outcome, expected.outcome, `${entry.path}: ${got?.outcome} (${got?.reason})`);
      if (expected.reason) assert.match(got!.reason, expected.reason, entry.path);
    });
  });

  it('finishes with exit 3 for the corrupt files, the counts adding up to the outcomes', () => {
    assert.equal(summary.exitCode, 3, JSON.stringify(summary));
    assert.deepEqual(summary.files, expectedCounts(entries));
    assert.equal(pairs.length, summary.files.anonymized);
  });

  it('skips or ignores only files that dcmdump cannot read either, and drops only DICOMDIRs', () => {
    entries.forEach((entry, i) => {
      const expected = expectedFor(entry).outcome;
      if (expected === 'skipped' || expected === 'ignored') assert.equal(dcmdump(inputOf(i)).ok, false, entry.path);
      if (expected === 'dropped') assert.match(dcmdump(inputOf(i)).stdout, /MediaStorageDirectoryStorage/, entry.path);
    });
  });

  it('leaves the input untouched', () => {
    assert.deepEqual(snapshotTree(input), inputBefore);
  });

  it('has no finding by verify nor by a raw scan for the corpus names', async () => {
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
    assert.deepEqual(independentScan(output, persons(entries.map((e) => e.patientName)), { dcmdump: false, pixelData: 'skip' }), []);
  });

  it('writes files dcmdump reads whenever it read the input', () => {
    for (const pair of pairs) {
      if (!dcmdump(pair.input).ok) continue;
      assert.ok(dcmdump(pair.output).ok, `dcmdump reads ${pair.input} but not its output`);
    }
  });

  it('keeps pixel data and sets the id (pydicom, for every input pydicom reads)', () => {
    const listing = join(dir.path, 'pairs.json');
    writeFileSync(listing, JSON.stringify(pairs));
    const script = `
import sys, json, hashlib, pydicom
out = []
for pair in json.load(open(sys.argv[1])):
    try:
        i = pydicom.dcmread(pair['input'], force=True)
        i_pixels = hashlib.sha256(i.PixelData).hexdigest() if 'PixelData' in i else ''
    except Exception:
        continue
    try:
        o = pydicom.dcmread(pair['output'], force=True)
        o_pixels = hashlib.sha256(o.PixelData).hexdigest() if 'PixelData' in o else ''
        out.append({'file': pair['output'], 'pixels': i_pixels == o_pixels, 'name': str(o.PatientName), 'pid': str(o.PatientID)})
    except Exception as e:
        out.append({'file': pair['output'], 'error': str(e)})
print(json.dumps(out))`;
    const checked = JSON.parse(pydicom(script, [listing])) as { file: string; error?: string; pixels?: boolean; name?: string; pid?: string }[];
    assert.ok(checked.length >= pairs.length * 0.8);
    for (const file of checked) {
      assert.equal(file.error, undefined, `${file.file}: ${file.error}`);
      assert.ok(file.pixels, `${file.file}: pixel data changed`);
      const id = file.file.slice(output.length + 1).split('/')[0];
      assert.equal(file.name, id);
      assert.equal(file.pid, id);
    }
  });
});
