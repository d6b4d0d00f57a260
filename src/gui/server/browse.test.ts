/** The folder browser lists names, never contents (issue 5, "Done when"). */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call, PORT } from '../../../test/gui/helpers.ts';
import { createGuiApp } from './app.ts';
import type { FolderListing } from './browse.ts';
import { newSecrets } from './guard.ts';
import type { RunApi } from './run-api.ts';

const noRun: RunApi = {
  planAnonymization: () => Promise.reject(new Error('not part of these tests')),
  runAnonymization: () => Promise.reject(new Error('not part of these tests')),
};
const secrets = newSecrets();
const { app } = createGuiApp({ secrets, port: () => PORT, run: noRun, cpuCount: 2 });
const cookie = secrets.session;
const SECRET_CONTENT = 'DUPONT^JEAN inside the file';
let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'dicomveil-browse-'));
  await mkdir(join(root, 'patients', 'Martin Claire'), { recursive: true });
  await writeFile(join(root, 'patients', 'IM0001.dcm'), SECRET_CONTENT);
  await writeFile(join(root, 'demographics.csv'), `name\n${SECRET_CONTENT}\n`);
  await symlink(join(root, 'patients'), join(root, 'link-to-patients'));
  await symlink(join(root, 'nowhere'), join(root, 'broken-link'));
});
after(() => rm(root, { recursive: true, force: true }));

async function browse(path: string): Promise<{ status: number; text: string }> {
  const response = await call(app, `/api/browse?path=${encodeURIComponent(path)}`, { cookie });
  return { status: response.status, text: await response.text() };
}

describe('folder browser', () => {
  test('lists folder and file names, folders first, and never a byte of any file', async () => {
    const { status, text } = await browse(root);
    assert.equal(status, 200);
    const listing = JSON.parse(text) as FolderListing;
    assert.equal(listing.path, root);
    assert.deepEqual(listing.entries, [
      { name: 'link-to-patients', folder: true },
      { name: 'patients', folder: true },
      { name: 'broken-link', folder: false },
      { name: 'demographics.csv', folder: false },
    ]);
    assert.ok(!text.includes('DUPONT'), 'file content leaked into the listing');
    const inner = await browse(join(root, 'patients'));
    assert.deepEqual((JSON.parse(inner.text) as FolderListing).entries, [{ name: 'Martin Claire', folder: true }, { name: 'IM0001.dcm', folder: false }]);
    assert.ok(!inner.text.includes('DUPONT'));
  });

  test('a typed file path lists the folder holding it, not the file', async () => {
    const { status, text } = await browse(join(root, 'patients', 'IM0001.dcm'));
    assert.equal(status, 200);
    assert.equal((JSON.parse(text) as FolderListing).path, join(root, 'patients'));
    assert.ok(!text.includes('DUPONT'));
  });

  test('the parent is given, so the page can go up', async () => {
    const listing = JSON.parse((await browse(join(root, 'patients'))).text) as FolderListing;
    assert.equal(listing.parent, root);
    assert.equal((JSON.parse((await browse('/')).text) as FolderListing).parent, undefined);
  });

  test('a missing folder is a 400 that says so', async () => {
    const { status, text } = await browse(join(root, 'absent'));
    assert.equal(status, 400);
    assert.match(text, /does not exist/);
  });
});
