/**
 * Link choices from the review land in links.csv in the private dir, in the contract's format,
 * merged with earlier choices. Python's csv module reads the file back as an independent check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM_PYTHON } from '../../../test/support/checkers.ts';
import { call, PORT } from '../../../test/gui/helpers.ts';
import { createGuiApp } from './app.ts';
import { newSecrets } from './guard.ts';
import { readLinks, saveLinks } from './links-file.ts';
import type { RunApi, RunPlan } from './run-api.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'dicomveil-links-'));
});
after(() => rm(root, { recursive: true, force: true }));

function pythonRows(path: string): string[][] {
  const script = 'import csv,sys,json\nwith open(sys.argv[1], encoding="utf-8-sig", newline="") as f: print(json.dumps(list(csv.reader(f, delimiter=";"))))';
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, path], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as string[][];
}

test('choices are written with the contract columns, BOM and ";", and read back by another CSV reader', async () => {
  const privateDir = join(root, 'first-private');
  const path = await saveLinks(privateDir, [
    { dicomName: 'MARTIN^CLAIRE', demographicsName: 'Claire Martin' },
    { dicomName: 'LEE^ANNA', demographicsName: '' },
    { dicomName: '=cmd|calc', demographicsName: 'O\'Brien; "Pat"' },
  ]);
  assert.equal(path, join(privateDir, 'links.csv'));
  const bytes = await readFile(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = pythonRows(path);
  assert.deepEqual(rows[0], ['dicom_name', 'demographics_name']);
  const body = new Map(rows.slice(1).map(([dicom, demo]) => [dicom, demo]));
  assert.equal(body.get('MARTIN^CLAIRE'), 'Claire Martin');
  assert.equal(body.get('LEE^ANNA'), '');
  // A cell Excel would run as a formula is written as text.
  assert.equal(body.get("'=cmd|calc"), 'O\'Brien; "Pat"');
  assert.deepEqual(await readLinks(path), [
    { dicomName: '=cmd|calc', demographicsName: 'O\'Brien; "Pat"' },
    { dicomName: 'LEE^ANNA', demographicsName: '' },
    { dicomName: 'MARTIN^CLAIRE', demographicsName: 'Claire Martin' },
  ].sort((a, b) => (a.dicomName < b.dicomName ? -1 : 1)));
});

test('a later choice replaces the earlier one for the same DICOM name and keeps the others', async () => {
  const privateDir = join(root, 'merge-private');
  await saveLinks(privateDir, [{ dicomName: 'MARTIN^CLAIRE', demographicsName: 'Claire Martin' }, { dicomName: 'LEE^ANNA', demographicsName: '' }]);
  await saveLinks(privateDir, [{ dicomName: 'MARTIN^CLAIRE', demographicsName: '' }]);
  const rows = new Map((await readLinks(join(privateDir, 'links.csv'))).map((c) => [c.dicomName, c.demographicsName]));
  assert.deepEqual([...rows.entries()].sort(), [['LEE^ANNA', ''], ['MARTIN^CLAIRE', '']]);
});

test('POST /api/links writes into the private dir of the previewed plan (default <output>-private), and of no other', async () => {
  const emptyPlan: RunPlan = { patients: [], ignored: [], demographicsRows: [], warnings: [] };
  const planOnly: RunApi = {
    planAnonymization: () => Promise.resolve(emptyPlan),
    runAnonymization: () => Promise.reject(new Error('not part of this test')),
  };
  const secrets = newSecrets();
  const { app } = createGuiApp({ secrets, port: () => PORT, run: planOnly, cpuCount: 2 });
  const output = join(root, 'out');
  const choices = [{ dicomName: 'DUPONT^JEAN', demographicsName: 'Jean Dupont' }];
  const save = (options: Record<string, string>) => call(app, '/api/links', { cookie: secrets.session, body: { options, choices } });

  // No plan reviewed yet: nothing is written.
  assert.equal((await save({ input: root, output })).status, 409);
  assert.equal((await call(app, '/api/preview', { cookie: secrets.session, body: { options: { input: root, output } } })).status, 200);
  // Another output than the previewed one would put the choices in another private folder.
  const other = await save({ input: root, output: join(root, 'elsewhere') });
  assert.equal(other.status, 409);
  assert.equal(((await other.json()) as { stale?: boolean }).stale, true);
  assert.ok(!existsSync(join(root, 'elsewhere-private')));

  const response = await save({ input: root, output });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { path: join(`${output}-private`, 'links.csv'), saved: 1 });
  assert.deepEqual(pythonRows(join(`${output}-private`, 'links.csv')).slice(1), [['DUPONT^JEAN', 'Jean Dupont']]);

  const invalid = await call(app, '/api/links', { cookie: secrets.session, body: { options: { input: root }, choices: [] } });
  assert.equal(invalid.status, 400);
  assert.match(JSON.stringify(await invalid.json()), /--output: is required/);
});
