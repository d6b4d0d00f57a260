import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { appendJournal, type JournalEntry, JournalWriter, readJournal } from './journal.ts';

const entry = (ref: string, size: number): JournalEntry => ({ ref, sig: 's', spellings: 'd', out: `subj_1/${ref}`, size, outcome: 'anonymized' });

describe('the journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is written by a held-open writer and read back, later lines winning, a torn last line dropped', () => {
    const path = join(dir, 'journal');
    appendJournal(path, [entry('a.dcm', 1)]);
    const writer = new JournalWriter(path);
    try {
      writer.append([entry('b.dcm', 2)]);
      writer.append([entry('a.dcm', 3), entry('c.dcm', 4)]);
    } finally {
      writer.close();
    }
    appendFileSync(path, '{"ref":"d.dcm","sig":'); // a run killed mid-line
    const read = readJournal(path);
    assert.deepEqual([...read.keys()].sort(), ['a.dcm', 'b.dcm', 'c.dcm']);
    assert.equal(read.get('a.dcm')?.size, 3);
    // It names input files: only its owner reads it.
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('is created private by the writer too', () => {
    const path = join(dir, 'fresh');
    new JournalWriter(path).close();
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });
});
