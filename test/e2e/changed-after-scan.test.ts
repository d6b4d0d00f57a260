/**
 * A file replaced between the header scan and its write (an export still arriving, a sync tool;
 * on a cluster, hours between `plan` and a shard) is not the file the plan was made from: its
 * patient and spellings are not the plan's. Through the command line: scan, plan, replace a
 * file with another patient's, then the shard and the merge. The file is skipped (exit 3, listed
 * in files.csv), never written; pydicom finds the other patient's name in no output file; run
 * again, it is read anew and written under its own patient.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { listFiles, readRunCsv, tempDir } from './support.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const skip = pydicomUnavailable();

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

const WRITE_INPUT = `
import os, sys, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
def mk(path, name, pid, **kw):
    ds = Dataset(); fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'; fm.MediaStorageSOPInstanceUID = generate_uid(); fm.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = fm; ds.SOPClassUID = fm.MediaStorageSOPClassUID; ds.SOPInstanceUID = fm.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid(); ds.Modality = 'OT'
    ds.PatientName = name; ds.PatientID = pid
    for k, v in kw.items(): setattr(ds, k, v)
    os.makedirs(os.path.dirname(path), exist_ok=True); ds.save_as(path, write_like_original=False)
d = sys.argv[1]
mk(d + '/in/a/s/1.dcm', 'DUPONT^Jean', 'FR11111111')
mk(d + '/in/b/s/1.dcm', 'ROCHE^Paul', 'FR22222222')
mk(d + '/late.dcm', 'ZIELINSKI^Marek', 'PL99999999', StudyDescription='Zielinski Marek')
`;

/** Every text value of every output file, as pydicom reads them (sequences included). */
const TEXTS = `
import json, sys, pydicom
out = []
for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    for el in ds.iterall():
        if isinstance(el.value, (str, pydicom.valuerep.PersonName)): out.append(str(el.value))
print(json.dumps(out))
`;

function outputTexts(output: string): string {
  const files = listFiles(output).filter((path) => path.endsWith('.dcm'));
  assert.ok(files.length > 0);
  return pydicom(TEXTS, files.map((path) => join(output, path)));
}

/** The inputs written in `dir`, scanned as one shard and planned: the cluster steps up to the shards. */
function scannedAndPlanned(dir: string): { input: string; output: string } {
  pydicom(WRITE_INPUT, [dir]);
  const input = join(dir, 'in');
  const output = join(dir, 'out');
  assert.equal(cli(['scan', input, '--output', output, '--shard', '1/1']).status, 0);
  const plan = cli(['plan', input, '--output', output]);
  assert.equal(plan.status, 0, plan.stderr);
  return { input, output };
}

describe('a file replaced between the scan and its write', { skip }, () => {
  const work = tempDir('changed-after-scan');
  after(() => work.remove());

  it('is skipped with exit 3 and listed, never written under the planned patient; run again, it is written', () => {
    const { input, output } = scannedAndPlanned(work.path);
    const replaced = join(input, 'a', 's', '1.dcm');
    copyFileSync(join(work.path, 'late.dcm'), replaced);

    const shard = cli(['anonymize', input, '--output', output, '--plan', join(`${output}-private`, 'plan.json'), '--shard', '1/1', '--jobs', '1']);
    assert.equal(shard.status, 3, shard.stderr);
    assert.match(shard.stderr, /skipped: .*1\.dcm: changed since the scan/);
    assert.doesNotMatch(shard.stderr, /zielinski|marek/i);
    const merge = cli(['merge', '--output', output]);
    assert.equal(merge.status, 3, merge.stderr);

    const rows = readRunCsv(join(`${output}-private`, 'files.csv'));
    const row = rows.find((cells) => cells[0] === replaced);
    assert.ok(row, 'the replaced file is listed');
    assert.equal(row[1], 'skipped');
    assert.match(row[2]!, /changed since the scan/);
    assert.equal(row[3], '');
    assert.equal(listFiles(output).filter((path) => path.endsWith('.dcm')).length, 1, 'only the unchanged file is written');
    assert.doesNotMatch(outputTexts(output), /zielinski|marek/i);

    const again = cli(['anonymize', input, '--output', output, '--jobs', '1']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(listFiles(output).filter((path) => path.endsWith('.dcm')).length, 2);
    assert.doesNotMatch(outputTexts(output), /zielinski|marek/i);
    const written = readRunCsv(join(`${output}-private`, 'files.csv')).find((cells) => cells[0] === replaced);
    assert.equal(written?.[1], 'anonymized');
    for (const path of listFiles(output)) assert.doesNotMatch(readFileSync(join(output, path), 'latin1'), /zielinski/i, path);
  });
});

describe('a file added to the input after the plan', { skip }, () => {
  const work = tempDir('added-after-plan');
  after(() => work.remove());

  it('is listed as skipped by the merge, which exits 3 instead of saying every file is done', () => {
    const { input, output } = scannedAndPlanned(work.path);
    const added = join(input, 'b', 's', '2.dcm');
    copyFileSync(join(work.path, 'late.dcm'), added);

    assert.equal(cli(['anonymize', input, '--output', output, '--plan', join(`${output}-private`, 'plan.json'), '--shard', '1/1', '--jobs', '1']).status, 0);
    const merge = cli(['merge', '--output', output, '--json']);
    assert.equal(merge.status, 3, merge.stderr);
    const summary = JSON.parse(merge.stdout) as { status: string; files: Record<string, number> };
    assert.equal(summary.status, 'partial');
    assert.deepEqual(summary.files, { anonymized: 2, unchanged: 0, ignored: 0, skipped: 1, quarantined: 0 });
    assert.match(merge.stderr, /skipped: .*2\.dcm: added to the input after the plan/);
    const row = readRunCsv(join(`${output}-private`, 'files.csv')).find((cells) => cells[0] === added);
    assert.deepEqual(row?.slice(1, 4), ['skipped', 'added to the input after the plan: scan and plan again, then run the shards', '']);
    assert.doesNotMatch(outputTexts(output), /zielinski|marek/i);
  });
});
