/**
 * A compound family name, end to end (CONTRACT.md "Names": each part of 4 letters or more of a
 * compound family name is searched alone, in every file and path). The name comes from where the
 * files give none: a source folder or zip name (`Brannigan-Moyle`, any separator), or a linked
 * demographics row of family and given columns. Real corpus files, changed with pydicom, go
 * through the command line; pydicom and dcmdump read the output, the paths are listed, and
 * `verify` must name the part planted back into another patient's file.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../support/corpus.ts';
import { idOfSource, listFiles, runCaptured, tempDir } from './support.ts';

const skip = corpusUnavailable() ?? dcmdumpUnavailable() ?? pydicomUnavailable();
const CT = join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm');

/**
 * Writes the input: the patient's file in `source` (a folder, or a zip when it ends in .zip) with
 * the given PatientName and PatientID, and another patient's file whose texts and path hold the
 * words that must, or must not, be replaced.
 */
const WRITE_INPUT = `
import json, os, sys, zipfile, pydicom
src, root, source, pn, pid = sys.argv[1:6]
ds = pydicom.dcmread(src)
ds.PatientName = pn; ds.PatientID = pid
ds.StudyDescription = 'own file'
if source.lower().endswith('.zip'):
    os.makedirs(root, exist_ok=True)
    ds.save_as(os.path.join(root, 'a.dcm'))
    with zipfile.ZipFile(os.path.join(root, source), 'w') as z:
        z.write(os.path.join(root, 'a.dcm'), 's1/a.dcm')
    os.remove(os.path.join(root, 'a.dcm'))
else:
    os.makedirs(os.path.join(root, source, 's1'))
    ds.save_as(os.path.join(root, source, 's1', 'a.dcm'))
other = pydicom.dcmread(src)
other.PatientName = 'ZORRO^Diego'; other.PatientID = 'Z7734'
other.StudyDescription = 'seen by Dr Moyle'
other.SeriesDescription = 'Brannigan called'
other.ImageComments = 'Li and Ng met NGLI; Ciara waited'
os.makedirs(os.path.join(root, 'Other', 'Moyle notes'))
other.save_as(os.path.join(root, 'Other', 'Moyle notes', 'Moyle.dcm'))
`;

const READ_TEXTS = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(json.dumps([str(ds.StudyDescription), str(ds.SeriesDescription), str(ds.ImageComments)]))
`;

const PLANT = `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
ds.StudyDescription = 'seen by Dr Moyle'
ds.save_as(sys.argv[1])
`;

interface Case {
  /** The source folder or zip name of the patient whose files hold no usable name. */
  source: string;
  pn: string;
  pid: string;
  demographics?: string;
  /** The other patient's StudyDescription, SeriesDescription and ImageComments after the run (`ID`: the patient's id). */
  texts: [string, string, string];
  /** Whether the other patient's session folder and file name (`Moyle notes/Moyle.dcm`) are renamed. */
  pathRenamed: boolean;
  /** Words no output file (dcmdump's text, raw bytes) or path may hold. */
  gone: RegExp;
}

const compound = (source: string): Case => ({
  source,
  pn: '',
  pid: '',
  texts: ['seen by Dr ID', 'ID called', 'Li and Ng met NGLI; Ciara waited'],
  pathRenamed: true,
  gone: /moyle|brannigan/i,
});

const CASES: Case[] = [
  compound('Brannigan-Moyle'),
  compound('Brannigan-Moyle.zip'),
  compound('Brannigan_Moyle'),
  compound('Brannigan.Moyle'),
  compound('BRANNIGAN MOYLE'),
  // Short parts are never searched alone, only together.
  { source: 'Ng-Li', pn: '', pid: '', texts: ['seen by Dr Moyle', 'Brannigan called', 'Li and Ng met ID; Ciara waited'], pathRenamed: false, gone: /ngli|ng-li/i },
  // The files spell part of the family name; the row linked by its id spells it whole, and says
  // Ciara is a given name: searched alone only in the patient's own files.
  {
    source: 'case01',
    pn: 'BRANNIGAN^Ciara',
    pid: 'BM4242',
    demographics: 'patient_id;last_name;first_name\nBM4242;Brannigan-Moyle;Ciara\nZ7734;Zorro;Diego\n',
    texts: ['seen by Dr ID', 'ID called', 'Li and Ng met NGLI; Ciara waited'],
    pathRenamed: true,
    gone: /moyle|brannigan/i,
  },
  // A name column says no family name: the part hyphened to the family name the files know is one.
  {
    source: 'case01',
    pn: 'BRANNIGAN^Ciara',
    pid: 'BM4242',
    demographics: 'patient_id;name\nBM4242;Ciara Brannigan-Moyle\nZ7734;Diego Zorro\n',
    texts: ['seen by Dr ID', 'ID called', 'Li and Ng met NGLI; Ciara waited'],
    pathRenamed: true,
    gone: /moyle|brannigan/i,
  },
];

describe('each long part of a compound family name, in every file and path', { skip }, () => {
  const dir = tempDir('compound');
  after(() => (process.env.KEEP_TEST_DIR ? undefined : dir.remove()));

  CASES.forEach((c, n) => {
    describe(`${c.source}${c.demographics ? ` linked to a row of ${c.demographics.split('\n')[0]}` : ''}`, () => {
      const root = join(dir.path, String(n));
      const input = join(root, 'in');
      const output = join(root, 'out');
      const privateDir = `${output}-private`;
      const idOf = (source: string) => idOfSource(privateDir, source);

      it('anonymizes, replaces the parts in the other patient\'s texts and path, and verifies clean', async () => {
        pydicom(WRITE_INPUT, [CT, input, c.source, c.pn, c.pid]);
        const args = ['anonymize', input, '--output', output, '--json'];
        if (c.demographics !== undefined) {
          writeFileSync(join(root, 'demographics.csv'), c.demographics);
          args.push('--demographics', join(root, 'demographics.csv'));
        }
        const run = await runCaptured(args);
        assert.equal(run.code, 0, run.stderr);
        const id = idOf(c.source);
        const other = idOf('Other');

        const files = listFiles(output);
        const otherFile = c.pathRenamed ? `${other}/${id} notes/${id}.dcm` : `${other}/Moyle notes/Moyle.dcm`;
        assert.ok(files.includes(otherFile), files.join('\n'));
        assert.deepEqual(files.filter((file) => c.gone.test(file)), []);

        const texts = JSON.parse(pydicom(READ_TEXTS, [join(output, otherFile)])) as string[];
        assert.deepEqual(texts, c.texts.map((text) => text.replaceAll('ID', id)));
        for (const file of files.filter((f) => f.endsWith('.dcm'))) {
          const dump = dcmdump(join(output, file));
          assert.ok(dump.ok, dump.stderr);
          assert.doesNotMatch(dump.stdout, c.gone, file);
          assert.doesNotMatch(readFileSync(join(output, file), 'latin1'), c.gone, file);
        }

        const verify = await runCaptured(['verify', output, '--private-dir', privateDir]);
        assert.equal(verify.code, 0, `${verify.stdout}${verify.stderr}`);
      });

      if (c.gone.test('Moyle')) {
        it("verify names the part planted back into the other patient's file", async () => {
          const copy = join(root, 'planted');
          cpSync(output, copy, { recursive: true });
          const other = idOf('Other');
          const target = listFiles(copy).find((file) => file.startsWith(`${other}/`) && file.endsWith('.dcm'))!;
          pydicom(PLANT, [join(copy, target)]);
          const verify = await runCaptured(['verify', copy, '--private-dir', privateDir]);
          assert.equal(verify.code, 1, `${verify.stdout}${verify.stderr}`);
          assert.ok(verify.stdout.split('\n').some((line) => line.startsWith(`${target}: `) && line.includes('(0008,1030)')), verify.stdout);
        });
      }
    });
  });
});
