/**
 * Under basic an encapsulated document is no longer excluded: EncapsulatedDocument gets its table
 * action (D, a dummy), so its unverifiable text never reaches the output and the file is kept.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runAnonymization } from '../../src/node/run/index.ts';
import { listFiles, optionsFor, tempDir } from '../e2e/support.ts';
import { pydicom, pydicomUnavailable, SYSTEM_PYTHON } from '../support/checkers.ts';

const MAKE = `
import sys, pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID, meta.TransferSyntaxUID = '1.2.840.10008.5.1.4.1.1.104.1', generate_uid(), ExplicitVRLittleEndian
ds = FileDataset(None, {}, file_meta=meta, preamble=b'\\0' * 128)
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
ds.PatientName, ds.PatientID, ds.Modality = 'HALVORSEN^INGRID', 'PID-66120', 'DOC'
ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
ds.MIMETypeOfEncapsulatedDocument = 'application/pdf'
# Larger than the codec's bulk threshold: kept as a range until the profile replaces it.
ds.EncapsulatedDocument = b'%PDF-1.4 ' + b'x' * 300000 + b' Report for Ingrid Halvorsen %%EOF '
ds.save_as(sys.argv[1], write_like_original=False)`;

describe('documents under the basic profile', () => {
  const dir = tempDir('basic-docs');
  after(() => dir.remove());

  it('keeps the file with a dummy document, where research excludes it', async (t) => {
    const skip = pydicomUnavailable();
    if (skip) return t.skip(skip);
    const input = join(dir.path, 'in');
    spawnSync('mkdir', ['-p', join(input, 'HALVORSEN_INGRID')]);
    const made = spawnSync(SYSTEM_PYTHON, ['-c', MAKE, join(input, 'HALVORSEN_INGRID', 'report.dcm')], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const research = await runAnonymization(optionsFor({ input, output: join(dir.path, 'research'), jobs: 1 }));
    assert.deepEqual([research.files.anonymized, research.files.ignored], [0, 1]);
    const output = join(dir.path, 'basic');
    const basic = await runAnonymization(optionsFor({ input, output, profile: 'basic', jobs: 1 }));
    assert.equal(basic.exitCode, 0);
    assert.equal(basic.files.anonymized, 1);
    const [written] = listFiles(output).filter((path) => path.endsWith('.dcm'));
    const read = pydicom('import sys, pydicom\nds = pydicom.dcmread(sys.argv[1])\nprint(ds.EncapsulatedDocument.hex(), ds.MIMETypeOfEncapsulatedDocument)', [join(output, written!)]);
    assert.equal(read.trim(), '0000 application/pdf');
  });
});
