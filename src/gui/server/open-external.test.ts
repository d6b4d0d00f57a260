/** The desktop's own opener for each platform, with the URL passed as one argument (no shell parsing on Linux and macOS). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openerCommand } from './open-external.ts';

const url = 'http://127.0.0.1:4000/?token=abc&x=1';

test('Linux and the BSDs use xdg-open, macOS open, each with the URL as a single argument', () => {
  assert.deepEqual(openerCommand(url, 'linux'), ['xdg-open', [url]]);
  assert.deepEqual(openerCommand(url, 'freebsd'), ['xdg-open', [url]]);
  assert.deepEqual(openerCommand(url, 'darwin'), ['open', [url]]);
});

test('Windows goes through start, with an empty window title and the target quoted for cmd', () => {
  assert.deepEqual(openerCommand(url, 'win32'), ['cmd', ['/c', 'start', '""', `"${url}"`]]);
  assert.deepEqual(openerCommand('C:\\My Data\\out-private', 'win32'), ['cmd', ['/c', 'start', '""', '"C:\\My Data\\out-private"']]);
});
