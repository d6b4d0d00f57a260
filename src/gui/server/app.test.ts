/**
 * The JSON API the page uses, in process: the form's schema and validation come from the same
 * option schema and validator as the CLI's, and the progress stream opens with a snapshot.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, PORT } from '../../../test/gui/helpers.ts';
import { OPTION_SPECS, validateOptions } from '../../core/options/schema.ts';
import type { SchemaAnswer, ValidateAnswer } from '../api-types.ts';
import { createGuiApp } from './app.ts';
import { newSecrets } from './guard.ts';
import type { RunApi } from './run-api.ts';

const noRun: RunApi = {
  planAnonymization: () => Promise.reject(new Error('not part of these tests')),
  runAnonymization: () => Promise.reject(new Error('not part of these tests')),
};
const secrets = newSecrets();
const opened: string[] = [];
const { app } = createGuiApp({
  secrets,
  port: () => PORT,
  run: noRun,
  cpuCount: 6,
  openFolder: async (path) => {
    opened.push(path);
    return true;
  },
});
const cookie = secrets.session;

describe('form schema and validation', () => {
  test('the schema is the CLI option schema', async () => {
    const answer = (await (await call(app, '/api/schema', { cookie })).json()) as SchemaAnswer;
    assert.deepEqual(answer.specs, JSON.parse(JSON.stringify(OPTION_SPECS)));
    assert.equal(answer.cpuCount, 6);
  });

  test('problems are the validator\'s own messages, every one of them', async () => {
    const written = { input: '', output: '/data/out', distance: '1.5', ids: 'random', idLength: '3.5', idPrefix: 'a/b' };
    const answer = (await (await call(app, '/api/validate', { cookie, body: { options: written } })).json()) as ValidateAnswer;
    assert.deepEqual(answer.errors, validateOptions(written, { cpuCount: 6 }).errors);
    assert.deepEqual(answer.errors.map((e) => e.key).sort(), ['distance', 'idLength', 'idPrefix', 'ids', 'input']);
    assert.ok(answer.errors.some((e) => e.message === '--distance: must be between 0 and 1, got 1.5'));
  });

  test('valid options come back complete, defaults applied once', async () => {
    const answer = (await (await call(app, '/api/validate', { cookie, body: { options: { input: '/data/in', output: '/data/out/' } } })).json()) as ValidateAnswer;
    assert.deepEqual(answer.errors, []);
    assert.equal(answer.options?.privateDir, '/data/out-private');
    assert.equal(answer.options?.jobs, 6);
    assert.equal(answer.options?.distance, 0.2);
  });
});

describe('run controls before any run', () => {
  test('there is no result, nothing to stop, and no folder to open', async () => {
    assert.equal((await call(app, '/api/result', { cookie })).status, 404);
    assert.deepEqual(await (await call(app, '/api/stop', { cookie, body: {} })).json(), { stopping: false });
    assert.equal((await call(app, '/api/open', { cookie, body: { which: 'output' } })).status, 404);
    assert.deepEqual(opened, []);
  });

  test('the progress stream opens with a snapshot of the idle session', async () => {
    const response = await call(app, '/api/events', { cookie });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    const text = new TextDecoder().decode(value);
    assert.match(text, /^event: snapshot\ndata: /);
    const data = JSON.parse(text.split('\n')[1]!.slice('data: '.length)) as { snapshot: { phase: string } };
    assert.equal(data.snapshot.phase, 'idle');
  });
});

test('a body that is not JSON is a 400, not a crash', async () => {
  const response = await call(app, '/api/validate', { cookie, body: '{"options":' });
  assert.equal(response.status, 400);
  assert.match(((await response.json()) as { error: string }).error, /not valid JSON/);
});
