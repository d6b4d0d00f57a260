import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLinked, settleLink } from './known-links.ts';
import type { KnownLink } from './patients-model.ts';

const row = (line: number, name: string) => ({ line, columns: ['name', 'arm'], cells: [name, 'A'], delimiter: ';' as const });
const linked = (line: number, name: string): KnownLink => ({ status: 'linked', demographicsName: name, score: 0, row: row(line, name) });

describe('settleLink: the link a patient keeps from run to run', () => {
  it('keeps an earlier link when this run has no sheet, or a sheet without the row', () => {
    const earlier = linked(2, 'Dupont Jean');
    assert.deepEqual(settleLink(earlier, undefined), { link: earlier, kept: true });
    assert.deepEqual(settleLink(earlier, { status: 'missing' }), { link: earlier, kept: true });
    assert.deepEqual(settleLink(earlier, { status: 'suggested', demographicsName: 'Dupont J', candidates: [{ name: 'Dupont J', line: 7 }] }), { link: earlier, kept: true });
    assert.deepEqual(settleLink(earlier, { status: 'ambiguous', candidates: [{ name: 'Dupont Jean', line: 3 }, { name: 'Dupont Jean', line: 4 }] }), { link: earlier, kept: true });
  });

  it('takes a new link (the row updated, or another) and an explicit "no row"', () => {
    const earlier = linked(2, 'Dupont Jean');
    const now = linked(5, 'Dupont Jean');
    assert.deepEqual(settleLink(earlier, now), { link: now, kept: false });
    assert.deepEqual(settleLink(earlier, { status: 'none' }), { link: { status: 'none' }, kept: false });
  });

  it('links a patient no earlier sheet could, and lets the latest sheet say why one is missing', () => {
    const now = linked(4, 'Millar Talia');
    assert.deepEqual(settleLink({ status: 'missing' }, now), { link: now, kept: false });
    assert.deepEqual(settleLink(undefined, now), { link: now, kept: false });
    assert.deepEqual(settleLink({ status: 'ambiguous' }, { status: 'missing' }), { link: { status: 'missing' }, kept: false });
    assert.deepEqual(settleLink(undefined, undefined), { link: undefined, kept: false });
  });

  it('is the same settled twice (a run stopped and run again decides as the first try)', () => {
    const links: (KnownLink | undefined)[] = [undefined, { status: 'missing' }, { status: 'none' }, { status: 'suggested', demographicsName: 'X' }, linked(2, 'A'), linked(3, 'B')];
    for (const earlier of links) {
      for (const now of links) {
        const once = settleLink(earlier, now).link;
        assert.deepEqual(settleLink(once, now).link, once);
      }
    }
  });

  it('counts a link as made only with its row', () => {
    assert.equal(isLinked(linked(2, 'A')), true);
    assert.equal(isLinked({ status: 'manual', demographicsName: 'A', row: row(2, 'A') }), true);
    assert.equal(isLinked({ status: 'linked' }), false);
    assert.equal(isLinked({ status: 'suggested', demographicsName: 'A' }), false);
    assert.equal(isLinked(undefined), false);
  });
});
