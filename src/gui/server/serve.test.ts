/**
 * The real server on a socket: bound to 127.0.0.1 only, the printed URL is the way in, and
 * `close()` ends it even while a page holds the progress stream open.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { UsageError } from '../../core/errors.ts';
import type { RunApi } from './run-api.ts';
import { startGui } from './serve.ts';

const noRun: RunApi = {
  planAnonymization: () => Promise.reject(new Error('not part of these tests')),
  runAnonymization: () => Promise.reject(new Error('not part of these tests')),
};

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the printed URL buys a cookie; without it, or from another Host, nothing is served', async () => {
  const gui = await startGui({ open: false, run: noRun });
  try {
    const url = new URL(gui.url);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal((await get(`${url.origin}/`)).status, 401);
    assert.equal((await get(`${url.origin}/`, { host: `evil.example:${url.port}` })).status, 403);
    const login = await get(gui.url);
    assert.equal(login.status, 303);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await get(`${url.origin}/`, { cookie });
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>dicomveil<\/title>/);
    assert.equal((await get(`http://localhost:${url.port}/api/status`, { cookie })).status, 200);
  } finally {
    await gui.close();
  }
});

test('close() ends the server while a progress stream is open, and settles `closed`', async () => {
  const gui = await startGui({ open: false, run: noRun });
  const url = new URL(gui.url);
  const login = await get(gui.url);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const firstEvent = new Promise<string>((resolve, reject) => {
    request(`${url.origin}/api/events`, { headers: { cookie } }, (res) => {
      res.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      res.on('error', () => undefined);
    }).on('error', reject).end();
  });
  assert.match(await firstEvent, /^event: snapshot/);
  await gui.close();
  await gui.closed;
  await assert.rejects(get(`${url.origin}/`), /ECONNREFUSED/);
});

test('a port already taken is a refusal that says what to do', async () => {
  const first = await startGui({ open: false, run: noRun });
  try {
    const port = Number(new URL(first.url).port);
    await assert.rejects(startGui({ open: false, run: noRun, port }), (error: Error) => error instanceof UsageError && /already in use/.test(error.message));
  } finally {
    await first.close();
  }
});
