/**
 * The main job under `--profile basic --retain modified-dates` over every file of the shared
 * corpus, each in its own patient folder: readers that read an input read its output, pixel data
 * unchanged, the de-identification attributes written, no original UID and no name left.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunSummary, verifyOutput } from '../../src/node/run/index.ts';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { corpusEntries, corpusUnavailable } from '../support/corpus.ts';
import { type CorpusRun, expectedCounts, runOverCorpus } from './corpus-run.ts';
import { snapshotTree, tempDir } from './support.ts';

const skip = corpusUnavailable() ?? dcmdumpUnavailable() ?? pydicomUnavailable();

describe('anonymize every corpus file under the basic profile', { skip }, () => {
  const dir = tempDir('corpus-basic');
  const entries = corpusEntries();
  let input: string;
  let output: string;
  let summary: RunSummary;
  let inputBefore: Map<string, string>;
  let pairs: CorpusRun['pairs'];

  before(async () => {
    ({ input, output, summary, inputBefore, pairs } = await runOverCorpus(dir.path, entries, { profile: 'basic', retain: 'modified-dates' }));
  });
  after(() => dir.remove());

  it('finishes with exit 3 for the corrupt files, the counts adding up to the outcomes the notes call for, the input untouched', () => {
    assert.equal(summary.exitCode, 3, JSON.stringify(summary));
    assert.deepEqual(summary.files, expectedCounts(entries));
    assert.equal(pairs.length, summary.files.anonymized);
    assert.deepEqual(snapshotTree(input), inputBefore);
  });

  it('has no finding by verify', async () => {
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
  });

  it('writes files dcmdump reads whenever it read the input', () => {
    for (const pair of pairs) {
      if (!dcmdump(pair.input).ok) continue;
      assert.ok(dcmdump(pair.output).ok, `dcmdump reads ${pair.input} but not its output`);
    }
  });

  it('keeps pixel data, writes the de-identification attributes, and leaves no original UID (pydicom)', () => {
    const listing = join(dir.path, 'pairs.json');
    writeFileSync(listing, JSON.stringify(pairs));
    const script = `
import sys, json, hashlib, re, warnings, pydicom
warnings.simplefilter('ignore')
out = []
for pair in json.load(open(sys.argv[1])):
    try:
        i = pydicom.dcmread(pair['input'], force=True)
        i_pixels = hashlib.sha256(i.PixelData).hexdigest() if 'PixelData' in i else ''
        uids = set()
        def collect(ds, e):
            if e.VR == 'UI' and not e.tag.is_private:
                for v in (e.value if isinstance(e.value, (list, pydicom.multival.MultiValue)) else [e.value]):
                    if v and len(str(v)) > 8 and not str(v).startswith('1.2.840.10008.'):
                        uids.add(str(v))
        i.walk(collect)
    except Exception:
        continue
    try:
        o = pydicom.dcmread(pair['output'], force=True)
        o_pixels = hashlib.sha256(o.PixelData).hexdigest() if 'PixelData' in o else ''
        raw = open(pair['output'], 'rb').read().decode('latin1')
        left = [u for u in uids if re.search(r'(?<![0-9.])' + re.escape(u) + r'(?![0-9])', raw)]
        codes = [item.CodeValue for item in o.DeidentificationMethodCodeSequence]
        out.append({'file': pair['output'], 'pixels': i_pixels == o_pixels, 'name': str(o.PatientName), 'removed': o.PatientIdentityRemoved,
                    'codes': codes, 'longitudinal': o.LongitudinalTemporalInformationModified, 'left': left})
    except Exception as e:
        out.append({'file': pair['output'], 'error': repr(e)})
print(json.dumps(out))`;
    const checked = JSON.parse(pydicom(script, [listing])) as { file: string; error?: string; pixels?: boolean; name?: string; removed?: string; codes?: string[]; longitudinal?: string; left?: string[] }[];
    assert.ok(checked.length >= pairs.length * 0.8);
    for (const file of checked) {
      assert.equal(file.error, undefined, `${file.file}: ${file.error}`);
      assert.ok(file.pixels, `${file.file}: pixel data changed`);
      assert.equal(file.name, file.file.slice(output.length + 1).split('/')[0]);
      assert.equal(file.removed, 'YES');
      assert.deepEqual(file.codes, ['113100', '113107']);
      assert.equal(file.longitudinal, 'MODIFIED');
      assert.deepEqual(file.left, [], `${file.file}: original UIDs left`);
    }
  });
});
