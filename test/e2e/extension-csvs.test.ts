/**
 * The private and shareable CSVs of an output that later runs extend: every run writes them for
 * the whole output (earlier patients keep their links, new ones are added), a later sheet links an
 * earlier patient it could not link before, a run without --demographics keeps the links made but
 * for those a links.csv line of no row unlinks, and an earlier output checked again is named by the
 * input path it was written from.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { outputBytes, readRunCsv as csv, runCaptured as run, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}



/** Header, then the rows sorted by their first cell (the id). */
function byId(rows: string[][]): string[][] {
  return [rows[0]!, ...rows.slice(1).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0))];
}

const HEADER = 'ipp;nom;prenom;date_naissance;sexe;diagnostic';
const ROWS = {
  dupont: ';Dupont;Jean;12/03/1970;F;glioma',
  millar: ';Millar;Talia;01/06/1983;F;meningioma',
  okafor: ';Okafor;Chinedu;09/09/1991;F;control',
  lefevre: ';Lefèvre;Zoé;05/05/1990;F;control',
};

describe('CSVs of an output extended from other input folders', () => {
  const dir = tempDir('extension-csvs');
  after(() => dir.remove());
  const output = join(dir.path, 'out');
  const privateDir = join(dir.path, 'private');
  const inA = join(dir.path, 'in-a');
  const inB = join(dir.path, 'in-b');
  const inC = join(dir.path, 'in-c');
  writeTiny(inA, [
    { path: 'p1/1.dcm', name: 'DUPONT^JEAN', patientId: 'DPJ001', birthDate: '19700312' },
    { path: 'p2/1.dcm', name: 'MILLAR^TALIA', patientId: 'MTA002', birthDate: '19830601' },
  ]);
  writeTiny(inB, [{ path: 'p3/1.dcm', name: 'OKAFOR^CHINEDU', patientId: 'OKC003', birthDate: '19910909' }]);
  writeTiny(inC, [{ path: 'p4/1.dcm', name: 'NOWAK^PIOTR', patientId: 'NWP004', birthDate: '19550505' }]);
  const sheet = (name: string, rows: string[]) => {
    const path = join(dir.path, name);
    writeFileSync(path, [HEADER, ...rows, ''].join('\n'));
    return path;
  };
  const anonymize = (input: string, more: string[] = []) => run(['anonymize', input, '--output', output, '--private-dir', privateDir, '--json', ...more]);
  const idOf = () => new Map(csv(join(privateDir, 'mapping.csv')).slice(1).map((row) => [row[1]!, row[0]!]));
  /** The ids of these DICOM names, in order; each must be in mapping.csv. */
  const idsOf = (...names: string[]): string[] => {
    const ids = idOf();
    return names.map((name) => {
      const id = ids.get(name);
      assert.ok(id, `${name} is in mapping.csv`);
      return id;
    });
  };
  const linkOf = () => new Map(csv(join(privateDir, 'mapping.csv')).slice(1).map((row) => [row[1]!, row[6]!]));
  const shareable = () => byId(csv(join(output, 'demographics_anonymized.csv')));
  const missingShared = () => csv(join(output, 'missing_demographics.csv')).slice(1).map((row) => row[0]!).sort();
  const missingPrivate = () => byId(csv(join(privateDir, 'missing_demographics.csv')));

  it('keeps the earlier patients\' rows and links when a later run adds patients from another folder', async () => {
    const first = await anonymize(inA, ['--demographics', sheet('sheet-1.csv', [ROWS.dupont, ROWS.lefevre])]);
    assert.equal(first.code, 0, first.stderr);
    const second = await anonymize(inB, ['--demographics', sheet('sheet-2.csv', [ROWS.dupont, ROWS.lefevre, ROWS.okafor])]);
    assert.equal(second.code, 0, second.stderr);
    const [jean, talia, chinedu] = idsOf('DUPONT^JEAN', 'MILLAR^TALIA', 'OKAFOR^CHINEDU') as [string, string, string];

    assert.deepEqual(linkOf(), new Map([['DUPONT^JEAN', 'linked'], ['MILLAR^TALIA', 'missing'], ['OKAFOR^CHINEDU', 'linked']]));
    assert.deepEqual(shareable(), byId([
      ['id', 'date_naissance', 'sexe', 'diagnostic'],
      [jean, '12/03/1970', 'F', 'glioma'],
      [chinedu, '09/09/1991', 'F', 'control'],
    ]));
    assert.deepEqual(missingShared(), [talia]);
    assert.deepEqual(missingPrivate(), [['id', 'name', 'reason', 'candidates', 'candidate_lines'], [talia, 'MILLAR^TALIA', 'no_match', '', '']]);
    assert.deepEqual(byId(csv(join(privateDir, 'demographics_matched.csv'))), byId([
      ['id', 'ipp', 'nom', 'prenom', 'date_naissance', 'sexe', 'diagnostic'],
      [jean, '', 'Dupont', 'Jean', '12/03/1970', 'F', 'glioma'],
      [chinedu, '', 'Okafor', 'Chinedu', '09/09/1991', 'F', 'control'],
    ]));
    assert.equal(JSON.parse(second.stdout).patients, 3, 'the output holds three patients');
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8'));
    assert.deepEqual([report.patients, report.missingDemographics], [3, 1]);
  });

  it('links an earlier patient that a later sheet has a row for, and adds the row', async () => {
    const third = await anonymize(inC, ['--demographics', sheet('sheet-3.csv', [ROWS.millar, ROWS.okafor, ';Nowak;Piotr;05/05/1955;F;glioma'])]);
    assert.equal(third.code, 0, third.stderr);
    const [jean, talia, chinedu, piotr] = idsOf('DUPONT^JEAN', 'MILLAR^TALIA', 'OKAFOR^CHINEDU', 'NOWAK^PIOTR') as [string, string, string, string];
    // Jean's row is not in this sheet: his link stays, row and all.
    assert.deepEqual(linkOf(), new Map([['DUPONT^JEAN', 'linked'], ['MILLAR^TALIA', 'linked'], ['OKAFOR^CHINEDU', 'linked'], ['NOWAK^PIOTR', 'linked']]));
    assert.deepEqual(shareable(), byId([
      ['id', 'date_naissance', 'sexe', 'diagnostic'],
      [jean, '12/03/1970', 'F', 'glioma'],
      [talia, '01/06/1983', 'F', 'meningioma'],
      [chinedu, '09/09/1991', 'F', 'control'],
      [piotr, '05/05/1955', 'F', 'glioma'],
    ]));
    assert.deepEqual(missingShared(), []);
    assert.deepEqual(missingPrivate(), [['id', 'name', 'reason', 'candidates', 'candidate_lines']]);
    assert.equal(JSON.parse(third.stdout).patients, 4);
  });

  it('keeps every link when a later run gives no --demographics, and both missing lists agree', async () => {
    const before = readFileSync(join(output, 'demographics_anonymized.csv'));
    const inD = join(dir.path, 'in-d');
    writeTiny(inD, [{ path: 'p5/1.dcm', name: 'SATO^HARUKI', patientId: 'STH005', birthDate: '19600101' }]);
    const fourth = await anonymize(inD);
    assert.equal(fourth.code, 0, fourth.stderr);
    const [haruki] = idsOf('SATO^HARUKI') as [string];
    assert.deepEqual(readFileSync(join(output, 'demographics_anonymized.csv')), before, 'the shareable rows are those of the runs that linked them');
    assert.deepEqual(missingShared(), [haruki]);
    assert.deepEqual(missingPrivate(), [['id', 'name', 'reason', 'candidates', 'candidate_lines'], [haruki, 'SATO^HARUKI', 'no_demographics', '', '']]);
    assert.equal(linkOf().get('DUPONT^JEAN'), 'linked');
    assert.equal(JSON.parse(fourth.stdout).patients, 5);

    // The same input again without the sheet: nothing changes in any CSV.
    const csvs = () => [join(output, 'demographics_anonymized.csv'), join(output, 'missing_demographics.csv'), join(privateDir, 'mapping.csv'), join(privateDir, 'missing_demographics.csv')].map((path) => readFileSync(path, 'utf8'));
    const was = csvs();
    const again = await anonymize(inA);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(csvs(), was);
    const verify = await run(['verify', output, '--private-dir', privateDir]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('unlinks by a links.csv line with no row in a run without --demographics, whether the patient\'s files are in this input or not', async () => {
    const [jean, talia, chinedu, piotr, haruki] = idsOf('DUPONT^JEAN', 'MILLAR^TALIA', 'OKAFOR^CHINEDU', 'NOWAK^PIOTR', 'SATO^HARUKI') as [string, string, string, string, string];
    // Jean's files are in in-a, Chinedu's are not.
    writeFileSync(join(privateDir, 'links.csv'), 'dicom_name;demographics_name\nDUPONT^JEAN;\nOKAFOR^CHINEDU;\n');
    const unlinked = await anonymize(inA);
    assert.equal(unlinked.code, 0, unlinked.stderr);
    assert.deepEqual(linkOf(), new Map([['DUPONT^JEAN', 'none'], ['MILLAR^TALIA', 'linked'], ['OKAFOR^CHINEDU', 'none'], ['NOWAK^PIOTR', 'linked'], ['SATO^HARUKI', 'none']]));
    const demographicsName = new Map(csv(join(privateDir, 'mapping.csv')).slice(1).map((row) => [row[0]!, row[3]!]));
    assert.deepEqual([demographicsName.get(jean), demographicsName.get(chinedu), demographicsName.get(talia)], ['', '', 'Millar Talia']);
    assert.deepEqual(shareable(), byId([
      ['id', 'date_naissance', 'sexe', 'diagnostic'],
      [talia, '01/06/1983', 'F', 'meningioma'],
      [piotr, '05/05/1955', 'F', 'glioma'],
    ]));
    assert.deepEqual(missingShared(), [jean, chinedu, haruki].sort());
    assert.deepEqual(missingPrivate(), byId([
      ['id', 'name', 'reason', 'candidates', 'candidate_lines'],
      [jean, 'DUPONT^JEAN', 'unlinked_by_choice', '', ''],
      [chinedu, 'OKAFOR^CHINEDU', 'unlinked_by_choice', '', ''],
      [haruki, 'SATO^HARUKI', 'no_demographics', '', ''],
    ]));
    assert.deepEqual(JSON.parse(unlinked.stdout).patients, 5);

    // The last links gone too: the shared copy written earlier is no longer left with their rows.
    writeFileSync(join(privateDir, 'links.csv'), 'dicom_name;demographics_name\nDUPONT^JEAN;\nOKAFOR^CHINEDU;\nMILLAR^TALIA;\nNOWAK^PIOTR;\n');
    const none = await anonymize(inA);
    assert.equal(none.code, 0, none.stderr);
    assert.deepEqual(shareable().slice(1), []);
    assert.deepEqual(csv(join(privateDir, 'demographics_matched.csv')).slice(1), []);
    assert.deepEqual(missingShared(), [jean, talia, chinedu, piotr, haruki].sort());
    const verify = await run(['verify', output, '--private-dir', privateDir]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('says on stderr that a links.csv choice of a row needs the sheet holding it, until a run with the sheet applies it', async () => {
    writeFileSync(join(privateDir, 'links.csv'), 'dicom_name;demographics_name\nDUPONT^JEAN;Jean Dupont\nOKAFOR^CHINEDU;\n');
    const noSheet = await anonymize(inA);
    assert.equal(noSheet.code, 0, noSheet.stderr);
    assert.match(noSheet.stderr, /links\.csv: 1 choice of a demographics row not applied: this run has no --demographics/);
    assert.doesNotMatch(noSheet.stderr, /Dupont|DUPONT/i, 'no name on stderr');
    assert.equal(linkOf().get('DUPONT^JEAN'), 'none');

    const withSheet = await anonymize(inA, ['--demographics', sheet('sheet-4.csv', [ROWS.dupont])]);
    assert.equal(withSheet.code, 0, withSheet.stderr);
    assert.equal(linkOf().get('DUPONT^JEAN'), 'manual');
    const applied = await anonymize(inA);
    assert.equal(applied.code, 0, applied.stderr);
    assert.doesNotMatch(applied.stderr, /links\.csv/);
    assert.equal(linkOf().get('DUPONT^JEAN'), 'manual');
  });
});

describe('an earlier output checked again when its input is not given', () => {
  const dir = tempDir('extension-orphans');
  after(() => dir.remove());

  it('is named by the input path it was written from, or said to be unknown', async () => {
    const first = join(dir.path, 'in-first');
    const later = join(dir.path, 'in-later');
    writeTiny(first, [{ path: 'LINDQVIST_ALICE/1.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001', comments: 'sister of Marchetti Bruno' }]);
    writeTiny(later, [{ path: 'MARCHETTI_BRUNO/1.dcm', name: 'MARCHETTI^BRUNO', patientId: 'MBR2002' }]);
    // files.csv gone: the journal still names the input folder; gone from the journal too (lines of
    // a version that did not write it), the input is not known.
    for (const [name, forget] of [['recorded', false], ['journalled', false], ['forgotten', true]] as const) {
      const output = join(dir.path, `out-${name}`);
      const privateDir = `${output}-private`;
      assert.equal((await run(['anonymize', first, '--output', output])).code, 0);
      if (name !== 'recorded') rmSync(join(privateDir, 'files.csv'));
      if (forget) {
        const lines = readFileSync(join(privateDir, 'journal'), 'utf8').split('\n').filter((line) => line !== '');
        writeFileSync(join(privateDir, 'journal'), lines.map((line) => `${JSON.stringify({ ...JSON.parse(line), input: undefined })}\n`).join(''));
      }
      const second = await run(['anonymize', later, '--output', output, '--on-residue', 'quarantine']);
      assert.equal(second.code, 1, second.stderr);
      const residue = second.stderr.split('\n').find((line) => line.includes('residue:')) ?? '';
      assert.doesNotMatch(residue, new RegExp(`${later}/LINDQVIST_ALICE`), residue);
      const row = csv(join(privateDir, 'files.csv')).find((cells) => cells[1] === 'quarantined')!;
      assert.doesNotMatch(row[0]!, /in-later/);
      if (forget) {
        assert.match(residue, /input is not known/, residue);
        assert.equal(row[0], '');
      } else {
        assert.match(residue, new RegExp(`residue: ${join(first, 'LINDQVIST_ALICE/1.dcm')} `), residue);
        assert.equal(row[0], join(first, 'LINDQVIST_ALICE/1.dcm'));
      }
    }
  });
});

describe('an extension stopped and run again, or run as shards', () => {
  const dir = tempDir('extension-same');
  after(() => dir.remove());

  it('writes the CSVs and files of the uninterrupted extension', () => {
    const inA = join(dir.path, 'in-a');
    const inB = join(dir.path, 'in-b');
    writeTiny(inA, [
      { path: 'p1/1.dcm', name: 'DUPONT^JEAN', patientId: 'DPJ001', birthDate: '19700312' },
      { path: 'p2/1.dcm', name: 'MILLAR^TALIA', patientId: 'MTA002', birthDate: '19830601' },
    ]);
    writeTiny(inB, [
      { path: 'p3/1.dcm', name: 'OKAFOR^CHINEDU', patientId: 'OKC003', birthDate: '19910909' },
      { path: 'p3/2.dcm', name: 'OKAFOR^CHINEDU', patientId: 'OKC003', birthDate: '19910909' },
      { path: 'p4/1.dcm', name: 'NOWAK^PIOTR', patientId: 'NWP004', birthDate: '19550505' },
    ]);
    const first = join(dir.path, 'sheet-1.csv');
    writeFileSync(first, [HEADER, ROWS.dupont, ''].join('\n'));
    // Talia's row has a middle name: linked by the later sheet at a distance above 0, which a
    // second try must not see as 0 because the first one learnt the row's spelling.
    const later = join(dir.path, 'sheet-2.csv');
    writeFileSync(later, [HEADER, ROWS.okafor, ';Millar;Talia Rose;01/06/1983;F;meningioma', ';Nowak;Piotr;05/05/1955;F;glioma', ''].join('\n'));
    const base = join(dir.path, 'base');
    assert.equal(cli(['anonymize', inA, '--output', base, '--demographics', first]).status, 0);
    // Each way starts from a copy of the first run's output and private dir (same key and ids).
    const start = (name: string) => {
      const output = join(dir.path, name);
      cpSync(base, output, { recursive: true });
      cpSync(`${base}-private`, `${output}-private`, { recursive: true });
      return output;
    };
    const reference = start('reference');
    const whole = cli(['anonymize', inB, '--output', reference, '--demographics', later, '--jobs', '1']);
    assert.equal(whole.status, 0, whole.stderr);

    const resumed = start('resumed');
    const killed = cli(['anonymize', inB, '--output', resumed, '--demographics', later, '--jobs', '1'], { DICOMVEIL_TEST_KILL_AT: 'after-journal:1' });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const again = cli(['anonymize', inB, '--output', resumed, '--demographics', later, '--jobs', '1']);
    assert.equal(again.status, 0, again.stderr);

    const sharded = start('sharded');
    const plan = cli(['plan', inB, '--output', sharded, '--demographics', later, '--jobs', '1']);
    assert.equal(plan.status, 0, plan.stderr);
    for (const k of [2, 1]) {
      const shard = cli(['anonymize', inB, '--output', sharded, '--plan', join(`${sharded}-private`, 'plan.json'), '--shard', `${k}/2`, '--jobs', '1']);
      assert.equal(shard.status, 0, shard.stderr);
    }
    const merge = cli(['merge', '--output', sharded]);
    assert.equal(merge.status, 0, merge.stderr);

    const mapping = readFileSync(join(`${reference}-private`, 'mapping.csv'), 'utf8');
    assert.match(mapping, /MILLAR\^TALIA;[^\r\n]*;Millar Talia Rose;0\.\d+;/, 'Talia, an earlier patient, is linked by the later sheet');
    const privateCsvs = ['mapping.csv', 'missing_demographics.csv', 'demographics_matched.csv', 'demographics_unmatched.csv', 'patients.json'];
    for (const output of [resumed, sharded]) {
      assert.deepEqual(outputBytes(output), outputBytes(reference), `${output}: the output`);
      for (const file of privateCsvs) assert.equal(readFileSync(join(`${output}-private`, file), 'utf8'), readFileSync(join(`${reference}-private`, file), 'utf8'), `${output}: ${file}`);
    }
  });
});
