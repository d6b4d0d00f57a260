/**
 * report.json counts what was done to the values, as pydicom reads them in the input and the
 * output: a UID counted as remapped differs in the output, and a well-known UID of the registry
 * (SOP class, transfer syntax), kept byte for byte, is not counted at all.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCaptured, listFiles, tempDir } from '../e2e/support.ts';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../support/corpus.ts';

const dir = tempDir('basic-counts');
after(() => dir.remove());

/** keyword → its top-level value (meta group included), as pydicom reads it. */
const UID_VALUES = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
out = {}
for d in (ds.file_meta, ds):
    for e in d:
        if e.VR == 'UI' and e.keyword:
            out[e.keyword] = str(e.value)
print(json.dumps(out))
`;

describe('report.json profile action counts', () => {
  it('counts as remapped only the UIDs the output changed, never a kept well-known UID', async (t) => {
    const skip = corpusUnavailable() ?? pydicomUnavailable();
    if (skip) return t.skip(skip);
    const input = join(dir.path, 'in');
    const source = join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm');
    mkdirSync(join(input, 'P', 's1'), { recursive: true });
    copyFileSync(source, join(input, 'P', 's1', 'a.dcm'));
    const output = join(dir.path, 'out');
    const run = await runCaptured(['anonymize', input, '--output', output, '--profile', 'basic']);
    assert.equal(run.code, 0, run.stderr);

    const written = listFiles(output).filter((path) => path.endsWith('.dcm'));
    assert.equal(written.length, 1);
    const before: Record<string, string> = JSON.parse(pydicom(UID_VALUES, [source]));
    const afterRun: Record<string, string> = JSON.parse(pydicom(UID_VALUES, [join(output, written[0]!)]));
    const actions: Record<string, Record<string, number>> = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')).profile.actions;

    const remapped = Object.keys(actions).filter((keyword) => actions[keyword]!.uid !== undefined);
    const changed = Object.keys(before).filter((keyword) => afterRun[keyword] !== undefined && afterRun[keyword] !== before[keyword]);
    assert.deepEqual(remapped.sort(), changed.sort());
    assert.ok(changed.includes('SOPInstanceUID') && changed.includes('MediaStorageSOPInstanceUID'), changed.join());
    for (const kept of ['SOPClassUID', 'MediaStorageSOPClassUID', 'TransferSyntaxUID']) {
      assert.equal(afterRun[kept], before[kept], kept);
      assert.equal(actions[kept], undefined, `${kept} is kept: not counted`);
    }
  });
});
