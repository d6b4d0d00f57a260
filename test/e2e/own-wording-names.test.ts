/**
 * Patients whose family name is a word dicomveil itself writes into every file (CONTRACT.md "What
 * a file becomes": DeidentificationMethod; "The basic profile": LongitudinalTemporalInformationModified).
 * The tool's wording stays as written and is no finding; the same words anywhere else are the
 * patient's name, replaced as any family name of 4 letters or more. Files of pydicom's making go
 * through the command line; pydicom reads the output, and `verify` must pass on it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deidentificationMethod } from '../../src/core/profiles/research.ts';
import { toolVersion } from '../../src/node/run/version.ts';
import { dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { idOfSource, listFiles, tempDir } from './support.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const skip = dcmdumpUnavailable() ?? pydicomUnavailable();

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

const WRITE_INPUT = `
import os, sys, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
def write(path, name, pid, texts):
    ds = Dataset(); fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'; fm.MediaStorageSOPInstanceUID = generate_uid()
    fm.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = fm; ds.SOPClassUID = fm.MediaStorageSOPClassUID; ds.SOPInstanceUID = fm.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid(); ds.Modality = 'MR'; ds.StudyDate = '20200101'
    ds.PatientName = name; ds.PatientID = pid
    for keyword, value in texts.items(): setattr(ds, keyword, value)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ds.save_as(path, write_like_original=False)
root = sys.argv[1]
write(root + '/dates/s/a.dcm', 'DATES^ANNA', 'P10001', {'DeidentificationMethod': 'old tool: dates kept'})
write(root + '/kept/s/a.dcm', 'KEPT^OTTO', 'P10002', {})
write(root + '/keyed/s/a.dcm', 'KEYED^IDA', 'P10003', {})
write(root + '/modified/s/a.dcm', 'MODIFIED^JO', 'P10004', {})
write(root + '/smith/s/a.dcm', 'SMITH^JOHN', 'P10005', {
    'ImageComments': 'Dates of scans kept; keyed in by Dr Kept; images modified'})
`;

/** pydicom's view of one file: the texts these cases look at (null: absent). */
const READ = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(json.dumps({k: (str(ds.data_element(k).value) if k in ds else None) for k in ['DeidentificationMethod', 'LongitudinalTemporalInformationModified', 'ImageComments']}))
`;

/** Runs anonymize with `options`, then verify; the output's texts by source. */
function runWith(prefix: string, options: string[]) {
  const dir = tempDir(prefix);
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  pydicom(WRITE_INPUT, [input]);
  const run = cli(['anonymize', input, '--output', output, '--jobs', '1', '--json', ...options]);
  const verified = cli(['verify', output, '--private-dir', privateDir]);
  const texts = (source: string) => {
    const id = idOfSource(privateDir, source);
    const file = listFiles(output).find((f) => f.startsWith(`${id}/`) && f.endsWith('.dcm'));
    assert.ok(file, source);
    const read = JSON.parse(pydicom(READ, [join(output, file)])) as Record<'DeidentificationMethod' | 'LongitudinalTemporalInformationModified' | 'ImageComments', string | null>;
    return { id, ...read };
  };
  return { dir, run, verified, privateDir, texts };
}

const SOURCES = ['dates', 'kept', 'keyed', 'modified', 'smith'];

describe('family names that are words of the research DeidentificationMethod (Dates, Kept, Keyed)', { skip }, () => {
  let r: ReturnType<typeof runWith>;
  before(() => {
    r = runWith('own-wording', []);
  });
  after(() => r.dir.remove());

  it('writes every file, exit 0, and verify passes', () => {
    assert.equal(r.run.status, 0, r.run.stderr);
    const summary = JSON.parse(r.run.stdout) as { files: Record<string, number> };
    assert.deepEqual(summary.files, { anonymized: SOURCES.length, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 });
    assert.equal(r.verified.status, 0, r.verified.stdout + r.verified.stderr);
  });

  it("keeps the tool's wording as written in every file, and replaces the same words elsewhere", () => {
    for (const source of SOURCES) assert.equal(r.texts(source).DeidentificationMethod, deidentificationMethod(toolVersion()), source);
    const [dates, kept, keyed, modified] = ['dates', 'kept', 'keyed', 'modified'].map((source) => r.texts(source).id);
    assert.equal(r.texts('smith').ImageComments, `${dates} of scans ${kept}; ${keyed} in by Dr ${kept}; images ${modified}`);
  });
});

describe('a family name that is the basic profile LongitudinalTemporalInformationModified (MODIFIED)', { skip }, () => {
  let r: ReturnType<typeof runWith>;
  before(() => {
    r = runWith('own-wording-basic', ['--profile', 'basic', '--retain', 'modified-dates', '--clean', 'descriptors']);
  });
  after(() => r.dir.remove());

  it('writes MODIFIED into every file, exit 0, and verify passes', () => {
    assert.equal(r.run.status, 0, r.run.stderr);
    for (const source of SOURCES) assert.equal(r.texts(source).LongitudinalTemporalInformationModified, 'MODIFIED', source);
    assert.equal(r.verified.status, 0, r.verified.stdout + r.verified.stderr);
  });
});
