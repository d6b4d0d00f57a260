import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type JournalEntry, journalEntryFor, readJournal } from './journal.ts';
import { SortedJournal } from './sorted-journal.ts';

function line(ref: string, out: string, input?: string): JournalEntry {
  return { ref, out, sig: `sig-${ref}`, spellings: 'd', size: 1, outcome: 'anonymized', ...(input === undefined ? {} : { input }) };
}

function withJournal(lines: (JournalEntry | string)[], test: (path: string, spill: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'sorted-journal-'));
  try {
    const path = join(dir, 'journal');
    writeFileSync(path, `${lines.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join('\n')}\n`);
    test(path, join(dir, 'spill'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SortedJournal', () => {
  const root = '/data/in';
  const lines = [
    line('B/2.dcm', 'p/2-first.dcm', root),
    line('A/1.dcm', 'p/1.dcm', root),
    '{"ref":"torn',
    line('B/2.dcm', 'p/2.dcm', root),
    line('C/3.dcm', 'q/3-old.dcm'),
    line('A/1.dcm', 'x/1.dcm', '/elsewhere'),
    line('D/4.dcm', 'q/4.dcm', '/gone'),
  ];

  it('finds for each ref, asked in ascending order, the line the whole journal read into a map finds', () => {
    withJournal(lines, (path, spill) => {
      const journal = SortedJournal.read(path, spill);
      const map = readJournal(path);
      const cursor = journal.cursor(root);
      for (const ref of ['A/1.dcm', 'B/2.dcm', 'C/3.dcm', 'D/4.dcm', 'E/5.dcm']) assert.deepEqual(cursor.entryFor(ref), journalEntryFor(map, root, ref), ref);
      assert.equal(journal.cursor(root).entryFor('B/2.dcm')?.out, 'p/2.dcm', 'the later line wins');
      assert.throws(() => cursor.entryFor('A/1.dcm'), /ascending/);
      assert.deepEqual([...journal.ofInput(root)].map((entry) => entry.ref), ['A/1.dcm', 'B/2.dcm', 'C/3.dcm']);
      assert.deepEqual([...journal.foreign(root)].map((entry) => `${entry.input} ${entry.ref}`), ['/elsewhere A/1.dcm', '/gone D/4.dcm']);
      journal.dispose();
    });
  });

  it('takes a moved folder\'s line as this input\'s, unless this input has its own', () => {
    withJournal(lines, (path, spill) => {
      const journal = SortedJournal.read(path, spill);
      journal.adopt(root, (entry) => entry.input === '/gone' || entry.input === '/elsewhere');
      assert.deepEqual([...journal.ofInput(root)].map((entry) => `${entry.input ?? ''} ${entry.ref}`), [`${root} A/1.dcm`, `${root} B/2.dcm`, ' C/3.dcm', `${root} D/4.dcm`]);
      assert.equal(journal.cursor(root).entryFor('A/1.dcm')?.out, 'p/1.dcm', 'its own line, not the other folder\'s');
      assert.deepEqual([...journal.foreign(root)].map((entry) => entry.input), ['/elsewhere'], 'the adopted line is no longer another folder\'s');
      journal.dispose();
    });
  });

  it('reads a journal that does not exist as empty, and leaves nothing behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sorted-journal-'));
    try {
      const journal = SortedJournal.read(join(dir, 'none'), join(dir, 'spill'));
      assert.equal(journal.lineCount, 0);
      assert.equal(journal.cursor(root).entryFor('A'), undefined);
      journal.dispose();
      assert.equal(existsSync(join(dir, 'spill')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
