/**
 * An equal id links a patient whose files hold no name (CONTRACT.md "Linking patients to
 * demographics rows": "an equal id" is strong evidence). Real corpus files, their PatientName
 * emptied and PatientID set with pydicom, sit in a folder named like a label, in a placeholder
 * folder, and, beside them, a patient whose files spell another person's name than the row of
 * its id: that one is only suggested. mapping.csv and the shared demographics copy are read back,
 * and the plan the review draws (the GUI's preview) says what the link rests on.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { evidenceText } from '../../src/gui/web/words.ts';
import { planAnonymization } from '../../src/node/run/index.ts';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../support/corpus.ts';
import { readRunCsv as csv, optionsFor, runCaptured, tempDir } from './support.ts';

const skip = corpusUnavailable() ?? pydicomUnavailable();
const CT = join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm');

const WRITE = `
import os, sys, pydicom
src, root = sys.argv[1:3]
for folder, pn, pid in [('Study A', '', 'MRN4417'), ('patient07', '', 'MRN5521'), ('Named', 'LENOIR^Marc', 'MRN7001')]:
    ds = pydicom.dcmread(src)
    ds.PatientName = pn; ds.PatientID = pid; ds.PatientBirthDate = ''
    os.makedirs(os.path.join(root, folder, 's1'))
    ds.save_as(os.path.join(root, folder, 's1', 'a.dcm'))
`;

describe('an equal id links a patient whose files hold no name', { skip }, () => {
  const dir = tempDir('link-by-id');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = join(dir.path, 'private');
  const sheet = join(dir.path, 'demographics.csv');

  it('links by the id, shows it as the evidence, and shares the linked rows', async () => {
    pydicom(WRITE, [CT, input]);
    writeFileSync(sheet, 'name;patient_id;birth_date\nJean Dupont;MRN4417;19600101\nAnne Morel;MRN5521;19700202\nSophie Blanc;MRN7001;19900404\n');
    const { code, stdout, stderr } = await runCaptured(['anonymize', input, '--output', output, '--private-dir', privateDir, '--demographics', sheet, '--json']);
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).suggested, 1);

    const mapping = csv(join(privateDir, 'mapping.csv'));
    const header = mapping[0]!;
    const column = (name: string) => header.indexOf(name);
    const byFolder = new Map(mapping.slice(1).map((row) => [row[column('input_folders')]!, row]));
    const seen = (folder: string) => {
      const row = byFolder.get(folder)!;
      return ['demographics_name', 'link', 'evidence_name', 'evidence_birth_date', 'evidence_id'].map((name) => row[column(name)]);
    };
    assert.deepEqual(seen('Study A'), ['Jean Dupont', 'linked', 'none', 'unknown', 'equal']);
    assert.deepEqual(seen('patient07'), ['Anne Morel', 'linked', 'none', 'unknown', 'equal']);
    // LENOIR^Marc and Sophie Blanc are two people: the id alone does not decide.
    assert.deepEqual(seen('Named'), ['', 'suggested', 'none', 'unknown', 'equal']);

    const id = (folder: string) => byFolder.get(folder)![0]!;
    assert.deepEqual(csv(join(output, 'demographics_anonymized.csv')), [
      ['id', 'birth_date'],
      ...[
        [id('Study A'), '19600101'],
        [id('patient07'), '19700202'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    ]);
    assert.deepEqual(csv(join(privateDir, 'missing_demographics.csv')).slice(1), [[id('Named'), 'LENOIR^Marc', 'suggested', 'Sophie Blanc', '4']]);
  });

  it('the review shows the id as the evidence of the link and of the suggestion', async () => {
    const plan = await planAnonymization(optionsFor({ input, output: join(dir.path, 'preview'), privateDir: join(dir.path, 'preview-private'), demographics: sheet, dryRun: true }));
    const shown = plan.patients
      .map((p) => [p.sources.map((s) => s.path).join('|'), p.link.status, p.link.demographicsName ?? '', evidenceText(p.link.evidence)])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    const byId = 'name none (distance 1.00), birth date unknown, sex unknown, id equal';
    assert.deepEqual(shown, [
      ['Named', 'suggested', 'Sophie Blanc', byId],
      ['Study A', 'linked', 'Jean Dupont', byId],
      ['patient07', 'linked', 'Anne Morel', byId],
    ]);
  });
});
