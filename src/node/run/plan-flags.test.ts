/**
 * The dry run's per-patient flags, as the GUI review shows them: a patient with a file whose
 * pixels may carry a name is `risky-images`, a patient with no demographics row is `missing`,
 * and the birth name of a linked row is searched as one more spelling.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { validateOptions } from '../../core/options/schema.ts';
import { dicomFile, type Element, EXPLICIT_VR_LE } from '../example/dicom-builder.ts';
import { planAnonymization, runAnonymization } from './index.ts';

const CT_CLASS = '1.2.840.10008.5.1.4.1.1.2';
let counter = 0;

function write(path: string, name: string, patientId: string, extra: Element[] = []): void {
  counter += 1;
  const sop = `2.25.${7000 + counter}`;
  const dataset: Element[] = [
    { tag: 0x00080016, vr: 'UI', value: CT_CLASS },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00100010, vr: 'PN', value: name },
    { tag: 0x00100020, vr: 'LO', value: patientId },
    { tag: 0x00100030, vr: 'DA', value: '19700101' },
    ...extra,
  ].sort((a, b) => a.tag - b.tag) as Element[];
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, dicomFile({ sopClassUid: CT_CLASS, sopInstanceUid: sop, transferSyntaxUid: EXPLICIT_VR_LE }, dataset, { implicit: false, charset: 'ISO_IR 100', undefinedLengths: false }));
}

describe('planAnonymization flags', () => {
  const root = mkdtempSync(join(tmpdir(), 'dicomveil-plan-flags-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const input = join(root, 'in');
  write(join(input, 'a/1.dcm'), 'LINDQVIST^ALICE', 'LQA1001', [{ tag: 0x00081030, vr: 'LO', value: 'follow-up Brennecke 1998' }]);
  write(join(input, 'a/2.dcm'), 'LINDQVIST^ALICE', 'LQA1001', [{ tag: 0x00280301, vr: 'CS', value: 'YES' }]);
  write(join(input, 'b/1.dcm'), 'MARCHETTI^BRUNO', 'MBR2002');
  write(join(input, 'c/1.dcm'), 'OYELARAN^CHIDI', 'OYC3003', [{ tag: 0x00080060, vr: 'CS', value: 'US' }]);
  const sheet = join(root, 'demographics.csv');
  // Line 4 and 5 share a name nothing tells apart; line 6 has no name and is ignored.
  writeFileSync(sheet, 'nom,prenom,nom de naissance,date de naissance\nLindqvist,Alice,Brennecke,01/01/1970\nMarchetti,Bruno,,01/01/1970\nQuist,Jonna,,\nQuist,Jonna,,\n,,Halvorsen,01/01/1980\n');

  const optionsOf = () => {
    const { options, errors } = validateOptions({ input, output: join(root, 'out'), demographics: sheet }, { cpuCount: 2 });
    assert.ok(options, errors.map((e) => e.message).join('; '));
    return options;
  };
  const plan = (logs: string[] = []) => planAnonymization(optionsOf(), { onLog: (e) => logs.push(`${e.level}: ${e.message}`) });

  it('flags the patient with a burned-in annotation as risky-images, and only that patient', async () => {
    const { patients } = await plan();
    const byName = new Map(patients.map((p) => [p.name, p]));
    assert.ok(byName.get('LINDQVIST^ALICE')?.flags.includes('risky-images'));
    assert.ok(!byName.get('MARCHETTI^BRUNO')?.flags.includes('risky-images'));
  });

  it('flags a patient with no demographics row as missing, and a linked one not', async () => {
    const { patients } = await plan();
    const chidi = patients.find((p) => p.name === 'OYELARAN^CHIDI');
    assert.equal(chidi?.link.status, 'missing');
    assert.ok(chidi?.flags.includes('missing'));
    const bruno = patients.find((p) => p.name === 'MARCHETTI^BRUNO');
    assert.equal(bruno?.link.status, 'linked');
    assert.ok(!bruno?.flags.includes('missing'));
  });

  it("searches the linked row's birth name as one more spelling of the patient", async () => {
    const { patients } = await plan();
    const alice = patients.find((p) => p.name === 'LINDQVIST^ALICE');
    assert.equal(alice?.link.status, 'linked');
    assert.ok(alice?.spellings.includes('Brennecke^Alice'), JSON.stringify(alice?.spellings));
    const summary = await runAnonymization(optionsOf());
    assert.equal(summary.exitCode, 0, JSON.stringify(summary));
    const output = join(root, 'out');
    const written = readdirSync(output, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.dcm'));
    assert.equal(written.length, 4);
    for (const entry of written) assert.doesNotMatch(readFileSync(join(entry.parentPath, entry.name), 'latin1'), /brennecke/i);
  });

  it("tells the sheet's duplicate names and ignored rows by line number, never by name", async () => {
    const logs: string[] = [];
    const { warnings } = await plan(logs);
    const told = [...warnings, ...logs].join('\n');
    assert.match(told, /lines 4 and 5 have the same name/);
    assert.match(told, /line 6: has no name/);
    assert.match(logs.join('\n'), /^info: .*demographics\.csv: 4 patient row\(s\)/m);
    assert.doesNotMatch(told, /quist|jonna|halvorsen|brennecke/i);
  });
});
