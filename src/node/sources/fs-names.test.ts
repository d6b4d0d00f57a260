import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DIGITS, digestToText } from '../../core/ids/keyed-hash.ts';
import { opaqueRef } from '../run/report.ts';
import { bytesOfName, fsPath, hasEscapedBytes, nameFromBytes, printablePath, readableName } from './fs-names.ts';

const latin1Name = Buffer.from([0x53, 0xe9, 0x72, 0x69, 0x65, 0x20, 0x31]); // "Série 1" in Latin-1

describe('file names that are not UTF-8', () => {
  it('keep every byte through the escaped name, and JSON (the journal) keeps the escapes', () => {
    const name = nameFromBytes(latin1Name);
    assert.ok(hasEscapedBytes(name));
    assert.deepEqual(bytesOfName(JSON.parse(JSON.stringify(name)) as string), latin1Name);
  });

  it('leave UTF-8 names, astral characters included, exactly as Node reads them', () => {
    for (const text of ['Série 1', 'IRM 🧠 2019', 'plain']) {
      const name = nameFromBytes(Buffer.from(text, 'utf8'));
      assert.equal(name, text);
      assert.equal(hasEscapedBytes(name), false);
      assert.deepEqual(bytesOfName(name), Buffer.from(text, 'utf8'));
    }
  });

  it('read as Windows-1252 for output paths and the name search, never with an invalid byte', () => {
    assert.equal(readableName(nameFromBytes(latin1Name)), 'Série 1');
    assert.equal(readableName(nameFromBytes(Buffer.from([0x44, 0x55, 0xc3]))), 'DUÃ');
    assert.equal(readableName(nameFromBytes(Buffer.from([0x8a, 0x69, 0x6d, 0x65, 0x6b, 0x20, 0x4f, 0x92, 0x44, 0x61, 0x79]))), '\u0160imek O\u2019Day');
  });

  it('read as CP437 where Windows-1252 leaves a byte unassigned, so no byte is lost to `_` (0x81 is ü there)', () => {
    assert.equal(readableName(nameFromBytes(Buffer.from([0x4d, 0x81, 0x6c, 0x6c, 0x65, 0x72, 0x01]))), 'Müller_');
    assert.equal(readableName(nameFromBytes(Buffer.from([0x41, 0x81, 0x42, 0xe9]))), 'AüBΘ');
  });

  it('open the very file on disk, from a folder that is not UTF-8 either', () => {
    const root = mkdtempSync(join(tmpdir(), 'dicomveil-names-'));
    try {
      const folder = Buffer.concat([Buffer.from(`${root}/`), latin1Name]);
      mkdirSync(folder);
      writeFileSync(Buffer.concat([folder, Buffer.from('/a.dcm')]), 'bytes');
      const [raw] = readdirSync(root, { encoding: 'buffer' });
      const rel = `${nameFromBytes(raw!)}/a.dcm`;
      assert.equal(readFileSync(fsPath(root, rel), 'utf8'), 'bytes');
      assert.equal(fsPath(root, 'plain/a.dcm'), join(root, 'plain/a.dcm'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('opaque references of names that are not UTF-8', () => {
  it('differ when the names differ in their stray bytes only, and are the same as before for UTF-8 names', () => {
    const key = new Uint8Array(32).fill(7);
    const a = `${nameFromBytes(Buffer.from([0x41, 0xe9]))}/x.dcm`;
    const b = `${nameFromBytes(Buffer.from([0x41, 0xe8]))}/x.dcm`;
    assert.notEqual(opaqueRef(key, a), opaqueRef(key, b));
    const plain = 'Série 1/x.dcm';
    assert.equal(opaqueRef(key, plain), `input-${digestToText(createHmac('sha256', key).update(`input-ref:${plain}`).digest(), 20, DIGITS)}`);
  });

  it('print each stray byte as \\xHH, UTF-8 text as it is, so files.csv tells two such names apart', () => {
    const e9 = nameFromBytes(Buffer.from([0x78, 0xe9, 0x2e, 0x64]));
    const e8 = nameFromBytes(Buffer.from([0x78, 0xe8, 0x2e, 0x64]));
    assert.equal(printablePath(`/in/Série 1/${e9}`), '/in/Série 1/x\\xE9.d');
    assert.notEqual(printablePath(e9), printablePath(e8));
    assert.equal(printablePath('Zoë 😀/a.dcm'), 'Zoë 😀/a.dcm');
  });
});
