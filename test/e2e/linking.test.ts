/**
 * Linking end to end through the command line: one demographics sheet whose rows give a linked,
 * a suggested, an ambiguous and a missing patient; every CSV the contract names, read back as
 * bytes, and the `--json` summary. Confirming the suggestion in links.csv applies it next run.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readRunCsv as csv, runCaptured as run, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';



describe('linking through the CLI', () => {
  const dir = tempDir('linking');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = join(dir.path, 'private');
  writeTiny(input, [
    { path: 'p1/1.dcm', name: 'DUPONT^JEAN', patientId: 'DPJ001', birthDate: '19700312' },
    { path: 'p2/1.dcm', name: 'MILLAR^TALIA', patientId: 'MTA002', birthDate: '19830601' },
    { path: 'p3/1.dcm', name: 'MARTIN^CLAIRE', patientId: 'MCL003', birthDate: '19650101' },
    { path: 'p4/1.dcm', name: 'OKAFOR^CHINEDU', patientId: 'OKC004', birthDate: '19910909' },
  ]);
  const sheet = join(dir.path, 'demographics.csv');
  writeFileSync(
    sheet,
    [
      'ipp;nom;prenom;date_naissance;sexe;diagnostic',
      // The images say F: sex differs, the equal id links all the same.
      'DPJ001;Dupont;Jean;12/03/1970;M;glioma',
      // One digit of the birth date differs: a suggestion.
      ';Millar;Talia;07/06/1983;F;meningioma',
      // Two rows nothing tells apart: ambiguous.
      ';Martin;Claire;01/01/1965;F;control',
      ';Martin;Claire;01/01/1965;F;glioma',
      ';Lefèvre;Zoé;05/05/1990;F;control',
      '',
    ].join('\n'),
  );

  it('writes mapping.csv, both missing_demographics.csv, demographics_anonymized.csv and the summary', async () => {
    const { code, stdout, stderr } = await run(['anonymize', input, '--output', output, '--private-dir', privateDir, '--demographics', sheet, '--json']);
    assert.equal(code, 0, stderr);
    const mapping = csv(join(privateDir, 'mapping.csv'));
    const idOf = new Map(mapping.slice(1).map((row) => [row[1]!, row[0]!]));
    const [jean, talia, claire, chinedu] = ['DUPONT^JEAN', 'MILLAR^TALIA', 'MARTIN^CLAIRE', 'OKAFOR^CHINEDU'].map((name) => idOf.get(name)!);
    assert.ok(jean && talia && claire && chinedu, JSON.stringify(mapping));

    assert.deepEqual(JSON.parse(stdout), {
      status: 'complete',
      patients: 4,
      ambiguous: 1,
      suggested: 1,
      files: { anonymized: 4, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 },
      output,
      privateDir,
    });

    const byId = (rows: string[][]) => [rows[0], ...rows.slice(1).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))];
    assert.deepEqual(
      mapping,
      byId([
        ['id', 'name', 'other_spellings', 'demographics_name', 'score', 'input_folders', 'link', 'evidence_name', 'evidence_name_distance', 'evidence_birth_date', 'evidence_sex', 'evidence_id'],
        // A row of family and given columns (nom, prenom) is spelled as a PN: its family name is known.
        [jean, 'DUPONT^JEAN', 'Dupont^Jean|DPJ001', 'Dupont Jean', '0', 'p1', 'linked', 'full', '0', 'same', 'different', 'equal'],
        [talia, 'MILLAR^TALIA', 'MTA002', '', '', 'p2', 'suggested', 'full', '0', 'near', 'same', 'unknown'],
        [claire, 'MARTIN^CLAIRE', 'MCL003', '', '', 'p3', 'ambiguous', '', '', '', '', ''],
        [chinedu, 'OKAFOR^CHINEDU', 'OKC004', '', '', 'p4', 'missing', '', '', '', '', ''],
      ]),
    );
    assert.deepEqual(
      csv(join(privateDir, 'missing_demographics.csv')),
      byId([
        ['id', 'name', 'reason', 'candidates', 'candidate_lines'],
        [talia, 'MILLAR^TALIA', 'suggested', 'Millar Talia', '3'],
        [claire, 'MARTIN^CLAIRE', 'ambiguous', 'Martin Claire|Martin Claire', '4|5'],
        [chinedu, 'OKAFOR^CHINEDU', 'no_match', '', ''],
      ]),
    );
    assert.deepEqual(csv(join(output, 'missing_demographics.csv')), [['id'], ...[talia, claire, chinedu].sort().map((id) => [id])]);
    assert.deepEqual(csv(join(output, 'demographics_anonymized.csv')), [
      ['id', 'date_naissance', 'sexe', 'diagnostic'],
      [jean, '12/03/1970', 'M', 'glioma'],
    ]);
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8'));
    assert.deepEqual([report.ambiguous, report.suggested, report.missingDemographics], [1, 1, 3]);
  });

  it('applies a suggestion once links.csv confirms it', async () => {
    writeFileSync(join(privateDir, 'links.csv'), 'dicom_name;demographics_name\nMILLAR^TALIA;Millar Talia\n');
    const { code, stdout, stderr } = await run(['anonymize', input, '--output', output, '--private-dir', privateDir, '--demographics', sheet, '--json']);
    assert.equal(code, 0, stderr);
    assert.deepEqual([JSON.parse(stdout).suggested, JSON.parse(stdout).ambiguous], [0, 1]);
    const mapping = csv(join(privateDir, 'mapping.csv'));
    const talia = mapping.find((row) => row[1] === 'MILLAR^TALIA')!;
    assert.deepEqual([talia[3], talia[6], talia[9]], ['Millar Talia', 'manual', 'near']);
    const shared = csv(join(output, 'demographics_anonymized.csv'));
    assert.deepEqual(shared.find((row) => row[0] === talia[0]), [talia[0], '07/06/1983', 'F', 'meningioma']);
  });

  it('links by PatientID alone when the sheet has an id column and no name column', async () => {
    const ids = join(dir.path, 'ids.csv');
    writeFileSync(ids, 'patient_id;arm\nMTA002;B\nOKC004;A\nZZZ999;C\n');
    const out = join(dir.path, 'out-ids');
    const priv = join(dir.path, 'private-ids');
    const { code, stdout, stderr } = await run(['anonymize', input, '--output', out, '--private-dir', priv, '--demographics', ids, '--json']);
    assert.equal(code, 0, stderr);
    assert.deepEqual([JSON.parse(stdout).suggested, JSON.parse(stdout).ambiguous], [0, 0]);
    const mapping = csv(join(priv, 'mapping.csv'));
    const linked = mapping.filter((row) => row[6] === 'linked').map((row) => [row[1], row[11]]);
    assert.deepEqual(linked.sort(), [['MILLAR^TALIA', 'equal'], ['OKAFOR^CHINEDU', 'equal']]);
    const idOf = new Map(mapping.slice(1).map((row) => [row[1]!, row[0]!]));
    // The id column points back to the patient: never in the shared copy.
    assert.deepEqual(csv(join(out, 'demographics_anonymized.csv')), [
      ['id', 'arm'],
      ...[[idOf.get('MILLAR^TALIA')!, 'B'], [idOf.get('OKAFOR^CHINEDU')!, 'A']].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    ]);
  });
});
