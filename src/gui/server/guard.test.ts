/**
 * Who gets in: the token from the printed URL buys a cookie; nothing else does, and only for
 * 127.0.0.1/localhost on the server's own port (CONTRACT.md, `gui`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { call, PORT } from '../../../test/gui/helpers.ts';
import { createGuiApp } from './app.ts';
import { newSecrets, SESSION_COOKIE } from './guard.ts';
import type { RunApi } from './run-api.ts';

// The guard answers before any route runs, so no run is ever asked for here.
const noRun: RunApi = {
  planAnonymization: () => Promise.reject(new Error('not part of these tests')),
  runAnonymization: () => Promise.reject(new Error('not part of these tests')),
};
const secrets = newSecrets();
const { app } = createGuiApp({ secrets, port: () => PORT, run: noRun, cpuCount: 2 });
const cookie = secrets.session;

describe('token and cookie', () => {
  for (const path of ['/', '/assets/main.js', '/api/schema', '/api/events', '/api/browse?path=/']) {
    test(`${path} without token or cookie is 401`, async () => {
      assert.equal((await call(app, path)).status, 401);
    });
  }

  test('a wrong token is 403 and sets no cookie', async () => {
    const response = await call(app, `/?token=${newSecrets().token}`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('set-cookie'), null);
  });

  test('a wrong cookie is 403', async () => {
    assert.equal((await call(app, '/api/schema', { cookie: newSecrets().session })).status, 403);
  });

  test('the right token sets an HttpOnly SameSite=Strict cookie and redirects to drop the token', async () => {
    const response = await call(app, `/?token=${secrets.token}`);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/');
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, new RegExp(`^${SESSION_COOKIE}=${cookie};`));
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.doesNotMatch(setCookie, new RegExp(secrets.token));
  });

  test('the cookie opens the page, its script and the API', async () => {
    const page = await call(app, '/', { cookie });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/assets\/main.js">/);
    const script = await call(app, '/assets/main.js', { cookie });
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    const schema = (await (await call(app, '/api/schema', { cookie })).json()) as { specs: { key: string }[] };
    assert.ok(schema.specs.some((spec) => spec.key === 'distance'));
  });

  test('every answer forbids other origins, caching and referrers', async () => {
    for (const response of [await call(app, '/', { cookie }), await call(app, '/')]) {
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    }
  });
});

describe('Host and Origin', () => {
  const foreignHosts = ['evil.example', `evil.example:${PORT}`, '127.0.0.1', `127.0.0.1:${PORT + 1}`, `localhost.evil.example:${PORT}`, `[::1]:${PORT}`, `0.0.0.0:${PORT}`];
  for (const host of foreignHosts) {
    test(`Host ${host} is 403, even with the right cookie or token`, async () => {
      assert.equal((await call(app, '/api/schema', { cookie, headers: { host } })).status, 403);
      assert.equal((await call(app, `/?token=${secrets.token}`, { headers: { host } })).status, 403);
    });
  }

  test('localhost on the right port is accepted', async () => {
    assert.equal((await call(app, '/api/schema', { cookie, headers: { host: `localhost:${PORT}` } })).status, 200);
  });

  for (const origin of ['http://evil.example', `http://127.0.0.1:${PORT + 1}`, `https://127.0.0.1:${PORT}`, 'null']) {
    test(`Origin ${origin} is 403`, async () => {
      const response = await call(app, '/api/validate', { cookie, body: { options: {} }, headers: { origin } });
      assert.equal(response.status, 403);
      assert.equal((await call(app, '/api/schema', { cookie, headers: { origin } })).status, 403);
    });
  }

  test('a request the browser says comes from another site (or another local port) is 403 even without Origin', async () => {
    for (const site of ['cross-site', 'same-site']) {
      assert.equal((await call(app, '/api/schema', { cookie, headers: { 'sec-fetch-site': site } })).status, 403);
    }
    for (const site of ['same-origin', 'none']) {
      assert.equal((await call(app, '/api/schema', { cookie, headers: { 'sec-fetch-site': site } })).status, 200);
    }
  });

  test('a state-changing request that is not JSON is refused (no form posts from elsewhere)', async () => {
    const response = await call(app, '/api/stop', { cookie, body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(response.status, 415);
  });
});
