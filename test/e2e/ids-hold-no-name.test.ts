/**
 * A pseudonym id is written in every file and path of its patient: it must hold no spelling or
 * PatientID of any patient. `--ids order` skips numbers that are some patient's PatientID as a
 * whole token (`subj_00000002` beside PatientID 00000002), in the first run and in an extension
 * alike; an `--id-prefix` that spells a patient's name or PatientID is refused before anything is
 * written, by `anonymize`, `--dry-run` and `plan`. Read back with pydicom.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { listFiles, readRunCsv, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

/** Whether `text` holds `token` bounded by non-alphanumerics (CONTRACT.md: a PatientID as a whole token). */
function holdsToken(text: string, token: string): boolean {
  return new RegExp(`(^|[^0-9A-Za-z])${token}($|[^0-9A-Za-z])`, 'i').test(text);
}

const READ_VALUES = `
import sys, os, pydicom
root = sys.argv[1]
for dirpath, _, names in sorted(os.walk(root)):
    for name in sorted(names):
        if not name.endswith('.dcm'):
            continue
        path = os.path.join(dirpath, name)
        ds = pydicom.dcmread(path)
        print(os.path.relpath(path, root), str(ds.PatientName), str(ds.PatientID), sep='\\t')
`;

describe('--ids order skips numbers that are PatientIDs', { skip: pydicomUnavailable() }, () => {
  const dir = tempDir('order-pid');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  const pids = ['00000002', '00000003', '00000004'];

  it('issues no id that holds a PatientID, and neither does an extension', async () => {
    writeTiny(input, [
      { path: 'p0/s/a.dcm', name: 'ALPHA^Ann', patientId: pids[0]! },
      { path: 'p1/s/a.dcm', name: 'BRAVO^Ben', patientId: pids[1]! },
      { path: 'p2/s/a.dcm', name: 'CHARLIE^Cid', patientId: pids[2]! },
    ]);
    const first = await runCaptured(['anonymize', input, '--output', output, '--ids', 'order', '--jobs', '1']);
    assert.equal(first.code, 0, first.stderr);
    const ids = () => readRunCsv(join(privateDir, 'mapping.csv')).slice(1).map((row) => row[0]!);
    const issued = ids();
    // 2, 3 and 4 are PatientIDs: the three patients get 1, 5 and 6.
    assert.deepEqual([...issued].sort(), ['subj_00000001', 'subj_00000005', 'subj_00000006']);

    // An extension: a new patient whose PatientID is the next number skips it too; earlier ids stay.
    writeTiny(input, [{ path: 'p3/s/a.dcm', name: 'DELTA^Dan', patientId: '00000007' }]);
    const second = await runCaptured(['anonymize', input, '--output', output, '--ids', 'order', '--jobs', '1']);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual([...ids()].sort(), [...issued, 'subj_00000008'].sort());

    const all = [...pids, '00000007'];
    const rows = pydicom(READ_VALUES, [output]).trim().split('\n');
    assert.equal(rows.length, 4);
    for (const row of rows) for (const pid of all) assert.ok(!holdsToken(row, pid), `${row} holds ${pid}`);
    for (const file of listFiles(output)) for (const pid of all) assert.ok(!holdsToken(file, pid), `${file} holds ${pid}`);

    const verify = await runCaptured(['verify', output, '--private-dir', privateDir]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});

describe('an extension bringing a PatientID that an issued id holds', () => {
  const dir = tempDir('order-pid-later');
  after(() => dir.remove());

  it('is refused (exit 2), naming the id, never the patient: ids never change', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    writeTiny(input, [{ path: 'p0/s/a.dcm', name: 'ALPHA^Ann', patientId: 'AA1234' }]);
    const first = await runCaptured(['anonymize', input, '--output', output, '--ids', 'order', '--jobs', '1']);
    assert.equal(first.code, 0, first.stderr);
    const before = listFiles(output);
    assert.ok(before.some((file) => file.startsWith('subj_00000001/')), before.join('\n'));

    writeTiny(input, [{ path: 'p1/s/a.dcm', name: 'BRAVO^Ben', patientId: '00000001' }]);
    const second = await runCaptured(['anonymize', input, '--output', output, '--ids', 'order', '--jobs', '1']);
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, /subj_00000001/);
    assert.doesNotMatch(second.stderr, /bravo|ben\b/i);
    assert.deepEqual(listFiles(output), before);
  });
});

describe('an --id-prefix that spells a patient is refused, nothing written', () => {
  const dir = tempDir('id-prefix');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  writeTiny(input, [
    { path: 'a/s/a.dcm', name: 'LEON^Marc', patientId: 'FR33333333' },
    { path: 'b/s/b.dcm', name: 'ROCHE^Paul', patientId: 'FR55555555' },
  ]);

  // The family name, a given name (it would stand in the patient's own files), a PatientID.
  for (const prefix of ['LEON_', 'leon-', 'Marc', 'FR33333333_']) {
    for (const mode of [['anonymize'], ['anonymize', '--dry-run'], ['plan']]) {
      it(`${mode.join(' ')} --id-prefix ${prefix}`, async () => {
        const output = join(dir.path, `out-${mode.length}-${mode[0]}-${prefix}`);
        const result = await runCaptured([...mode, input, '--output', output, '--id-prefix', prefix, '--jobs', '1']);
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, /--id-prefix/);
        assert.doesNotMatch(result.stderr, /roche|paul|FR55555555/i);
        assert.equal(existsSync(output), false);
        assert.equal(existsSync(`${output}-private`), false);
      });
    }
  }

  it('a prefix that spells nobody runs', async () => {
    const output = join(dir.path, 'out-ok');
    const result = await runCaptured(['anonymize', input, '--output', output, '--id-prefix', 'LEONX_', '--jobs', '1']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(listFiles(output).every((file) => !/(^|[^a-z])leon([^a-z]|$)/i.test(file)));
  });
});
