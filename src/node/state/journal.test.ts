import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { appendJournal, type JournalEntry, JournalWriter, journalEntryFor, readJournal } from './journal.ts';

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
    assert.deepEqual([...read.values()].map((line) => line.ref).sort(), ['a.dcm', 'b.dcm', 'c.dcm']);
    assert.equal(journalEntryFor(read, '/in', 'a.dcm')?.size, 3);
    // It names input files: only its owner reads it.
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('tells the same ref of two input folders apart, and still reads lines written without a root', () => {
    const path = join(dir, 'two-roots');
    appendJournal(path, [{ ...entry('p01/1.dcm', 1), input: '/in1' }, { ...entry('p01/1.dcm', 2), input: '/in2' }, entry('old.dcm', 3)]);
    const read = readJournal(path);
    assert.equal(read.size, 3);
    assert.equal(journalEntryFor(read, '/in1', 'p01/1.dcm')?.size, 1);
    assert.equal(journalEntryFor(read, '/in2', 'p01/1.dcm')?.size, 2);
    assert.equal(journalEntryFor(read, '/in3', 'p01/1.dcm'), undefined);
    assert.equal(journalEntryFor(read, '/in3', 'old.dcm')?.size, 3);
  });

  it('is created private by the writer too', () => {
    const path = join(dir, 'fresh');
    new JournalWriter(path).close();
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });
});
