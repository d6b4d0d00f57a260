/**
 * The GUI's run controls with the real pipeline on a generated dataset, in process: preview is a
 * dry run, a second start while one runs is refused, Stop leaves a state the next Start resumes
 * to a complete output, and only the run's own folders can be opened.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeDataset } from '../../../test/gui/dataset.ts';
import { call, PORT } from '../../../test/gui/helpers.ts';
import { generateDataset, LAYOUT } from '../../node/example/index.ts';
import { planAnonymization, runAnonymization } from '../../node/run/index.ts';
import type { ResultAnswer, Snapshot } from '../api-types.ts';
import { createGuiApp } from './app.ts';
import { newSecrets } from './guard.ts';
import type { RunPlan } from './run-api.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'dicomveil-gui-session-'));
  await generateDataset(root, { seed: 3, patients: 4, filesPerSession: 3 });
});
after(() => rm(root, { recursive: true, force: true }));

function setup() {
  const secrets = newSecrets();
  const opened: string[] = [];
  const gui = createGuiApp({
    secrets,
    port: () => PORT,
    run: { planAnonymization, runAnonymization },
    cpuCount: 1,
    openFolder: async (path) => {
      opened.push(path);
      return true;
    },
  });
  return { ...gui, opened, cookie: secrets.session };
}

/** Resolves with the session's next snapshot in one of `phases`. */
function nextPhase(session: ReturnType<typeof setup>['session'], phases: Snapshot['phase'][]): Promise<Snapshot> {
  return new Promise((resolve) => {
    const stop = session.subscribe((event) => {
      if (event.type === 'snapshot' && phases.includes(event.snapshot.phase)) {
        stop();
        resolve(event.snapshot);
      }
    });
  });
}

test('preview plans without writing the output; stop, then start again, ends complete', { timeout: 120_000 }, async () => {
  const { app, session, opened, cookie } = setup();
  const output = join(root, 'out');
  const options = { input: join(root, LAYOUT.input), demographics: join(root, LAYOUT.demographics), output, jobs: '1' };

  const preview = await call(app, '/api/preview', { cookie, body: { options } });
  assert.equal(preview.status, 200);
  const { plan } = (await preview.json()) as { plan: RunPlan };
  assert.equal(plan.patients.length, 4);
  assert.ok(!existsSync(join(output, 'report.json')), 'a preview wrote into the output');
  assert.ok(existsSync(join(`${output}-private`, 'key')), 'the preview made no key, so its ids would not be the run\'s');

  // Stop as soon as the write pass reports its first file.
  const stopOnWrite = session.subscribe((event) => {
    if (event.type === 'progress' && event.progress.phase === 'write') {
      stopOnWrite();
      session.stop();
    }
  });
  // What runs is what was reviewed: other options than the preview's are refused until previewed.
  const changed = await call(app, '/api/start', { cookie, body: { options: { ...options, output: join(root, 'other-out') } } });
  assert.equal(changed.status, 409);
  assert.ok(!existsSync(join(root, 'other-out')), 'a start with unreviewed options wrote its output');

  let finished = nextPhase(session, ['finished', 'failed']);
  assert.equal((await call(app, '/api/start', { cookie, body: { options } })).status, 202);
  const busy = await call(app, '/api/start', { cookie, body: { options } });
  assert.equal(busy.status, 409);
  const stopped = await finished;
  assert.equal(stopped.summary?.status, 'stopped');

  finished = nextPhase(session, ['finished', 'failed']);
  assert.equal((await call(app, '/api/start', { cookie, body: { options } })).status, 202);
  const done = await finished;
  assert.equal(done.summary?.status, 'complete', done.error);
  assert.equal(done.progress?.done, done.progress?.total);
  const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { status: string };
  assert.equal(report.status, 'complete');

  const result = (await (await call(app, '/api/result', { cookie })).json()) as ResultAnswer;
  assert.deepEqual(result.patients.map((p) => p.id).sort(), plan.patients.map((p) => p.id).sort());
  // The stopped run's files count as unchanged now: resumed, not redone.
  const files = done.summary?.files;
  assert.ok((files?.unchanged ?? 0) > 0, 'nothing was kept from the stopped run');
  assert.equal(result.patients.reduce((sum, p) => sum + p.files, 0), (files?.anonymized ?? 0) + (files?.unchanged ?? 0));

  // The open buttons reach the run's folders and nothing a request names.
  await call(app, '/api/open', { cookie, body: { which: 'output' } });
  await call(app, '/api/open', { cookie, body: { which: 'private' } });
  assert.equal((await call(app, '/api/open', { cookie, body: { which: '/etc' } })).status, 400);
  assert.deepEqual(opened, [output, `${output}-private`]);
});

test('a refused preview says why, as the CLI would', async () => {
  const { app, cookie } = setup();
  const input = join(root, LAYOUT.input);
  const response = await call(app, '/api/preview', { cookie, body: { options: { input, output: join(input, 'inside') } } });
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: string }).error, /must not contain one another/);
});

test('a links file inside the input is refused at preview: the choices would be written into the input', async () => {
  const { app, cookie } = setup();
  const input = join(root, LAYOUT.input);
  const links = join(input, 'links.csv');
  writeFileSync(links, 'dicom_name;demographics_name\n');
  try {
    const options = { input, output: join(root, 'links-in-input-out'), links, jobs: '1' };
    const response = await call(app, '/api/preview', { cookie, body: { options } });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /^--links .*inside the input/);
    const saved = await call(app, '/api/links', { cookie, body: { options, choices: [{ dicomName: 'X^Y', demographicsName: '' }] } });
    assert.equal(saved.status, 409);
    assert.equal(readFileSync(links, 'utf8'), 'dicom_name;demographics_name\n');
  } finally {
    rmSync(links);
  }
});

test('a run with an ambiguous link nobody chose is refused; once chosen ("no demographics row" too) it starts', { timeout: 120_000 }, async () => {
  const { app, session, cookie } = setup();
  const dataset = await makeDataset(join(root, 'ambiguous'));
  const options = { input: dataset.input, demographics: dataset.demographics, output: join(root, 'ambiguous-out'), jobs: '1' };
  const { plan } = (await (await call(app, '/api/preview', { cookie, body: { options } })).json()) as { plan: RunPlan };
  const ambiguous = plan.patients.filter((p) => p.link.status === 'ambiguous');
  assert.ok(ambiguous.length > 0);

  const refused = await call(app, '/api/start', { cookie, body: { options } });
  assert.equal(refused.status, 409);
  assert.deepEqual(((await refused.json()) as { unchosen: string[] }).unchosen, ambiguous.map((p) => p.id));
  assert.ok(!existsSync(join(options.output, 'report.json')));

  const choices = ambiguous.map((p) => ({ dicomName: p.name, demographicsName: '' }));
  assert.equal((await call(app, '/api/links', { cookie, body: { options, choices } })).status, 200);
  const finished = nextPhase(session, ['finished', 'failed']);
  assert.equal((await call(app, '/api/start', { cookie, body: { options } })).status, 202);
  assert.equal((await finished).summary?.status, 'complete');
});
