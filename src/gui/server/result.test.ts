/**
 * The "After" tables are read back from the files a run writes, made here by the same writers the
 * run uses (mapping and missing CSVs, report.json), so a format change on either side shows.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { mappingCsv, missingDemographicsPrivateCsv } from '../../core/demographics/outputs.ts';
import { reportFileLines, writeReport } from '../../node/run/report.ts';
import { writeCsvFile } from '../../node/spreadsheet/write-csv.ts';
import { gatherResult } from './result.ts';
import type { RunPlan, RunSummary } from './run-api.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'dicomveil-result-'));
});
after(() => rm(root, { recursive: true, force: true }));

test('patients, missing list, files not anonymized and image risks come from the run\'s files', async () => {
  const output = join(root, 'out');
  const privateDir = join(root, 'out-private');
  await mkdir(output, { recursive: true });
  await mkdir(privateDir, { recursive: true });
  await writeCsvFile(join(privateDir, 'mapping.csv'), mappingCsv([
    { id: 'subj_aaaa1111', name: 'DUPONT^JEAN', otherSpellings: ['Dupont Jean-Marc'], demographicsName: 'Jean Dupont', score: 0.05, inputFolders: ['DUPONT_JEAN'] },
    { id: 'subj_bbbb2222', name: '=MARTIN^CLAIRE', otherSpellings: [], inputFolders: ['martin.zip'] },
  ]), ',');
  await writeCsvFile(join(privateDir, 'missing_demographics.csv'), missingDemographicsPrivateCsv([
    { id: 'subj_bbbb2222', name: '=MARTIN^CLAIRE', reason: 'ambiguous', candidates: [{ name: 'Claire Martin', line: 2 }, { name: 'Claire Martin', line: 3 }] },
  ]), ',');
  writeReport(output, {
    tool: 'dicomveil', version: '0.1.0', dataset: 'd', status: 'complete', finishedAt: '2026-01-01T00:00:00Z',
    patients: 2, ambiguous: 1, suggested: 0, missingDemographics: 1,
    files: { anonymized: 3, unchanged: 0, ignored: 0, skipped: 1, quarantined: 0 },
    options: {}, riskFlags: { 'secondary-capture': 1 }, nameReplacements: { StudyDescription: 2 }, valuesShortened: 0,
  }, reportFileLines([
      { output: 'subj_aaaa1111/s1/IM1.dcm', outcome: 'anonymized' },
      { output: 'subj_aaaa1111/s1/IM2.dcm', outcome: 'anonymized', flags: ['secondary-capture'] },
      { output: 'subj_bbbb2222/IM1.dcm', outcome: 'anonymized' },
      { input: 'input-0123456789abcdef', outcome: 'skipped', reason: 'truncated: the dataset ends inside an element' },
  ]));
  const summary: RunSummary = {
    status: 'complete', patients: 2, ambiguous: 1, suggested: 0, exitCode: 3, output, privateDir,
    files: { anonymized: 3, unchanged: 0, ignored: 0, skipped: 1, quarantined: 0 },
  };
  const plan: RunPlan = {
    patients: [
      { id: 'subj_aaaa1111', name: 'DUPONT^JEAN', spellings: [], sources: [{ path: 'DUPONT_JEAN', files: 2 }], link: { status: 'linked', row: 2, demographicsName: 'Jean Dupont', score: 0.05 }, candidates: [], flags: [] },
      { id: 'subj_bbbb2222', name: '=MARTIN^CLAIRE', spellings: [], sources: [{ path: 'martin.zip', files: 1 }], link: { status: 'ambiguous' }, candidates: [], flags: ['ambiguous', 'homonym'] },
    ],
    ignored: [{ path: 'DUPONT_JEAN/notes.txt', reason: 'not DICOM' }],
    demographicsRows: [],
    warnings: ['a warning'],
  };

  const result = await gatherResult(summary, plan);
  assert.deepEqual(result.patients.map((p) => [p.id, p.name, p.files, p.link, p.score]), [
    ['subj_aaaa1111', 'DUPONT^JEAN', 2, 'Jean Dupont', '0.05'],
    ['subj_bbbb2222', '=MARTIN^CLAIRE', 1, 'no demographics row', ''],
  ]);
  assert.deepEqual(result.missing, [{ id: 'subj_bbbb2222', name: '=MARTIN^CLAIRE', reason: 'ambiguous' }]);
  assert.deepEqual(result.files, [
    { path: 'DUPONT_JEAN/notes.txt', outcome: 'ignored', reason: 'not DICOM' },
    { path: 'input-0123456789abcdef', outcome: 'skipped', reason: 'truncated: the dataset ends inside an element' },
  ]);
  // Link flags are not image risks; the secondary capture is.
  assert.deepEqual(result.risks, [{ id: 'subj_aaaa1111', flags: ['secondary-capture'] }]);
  assert.deepEqual(result.warnings, ['a warning']);
});

test('a refused run, with nothing written, still has a result to show', async () => {
  const summary: RunSummary = {
    status: 'refused', patients: 0, ambiguous: 0, suggested: 0, exitCode: 2, output: join(root, 'none'), privateDir: join(root, 'none-private'),
    files: { anonymized: 0, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 }, error: 'output is inside the input',
  };
  const result = await gatherResult(summary, undefined);
  assert.deepEqual([result.patients, result.missing, result.files, result.risks], [[], [], [], []]);
});
