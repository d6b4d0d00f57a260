import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { independentScan, personPatterns } from './independent-scan.ts';

const dupont = { family: 'Dupont', given: ['Jean'], patientIds: ['PID12345'] };

describe('independentScan (the checker the end-to-end tests trust)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dicomveil-scan-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sees names in any order, case and accents, joined or not, but not inside longer words', () => {
    const [family, familyGiven, givenFamily, id] = personPatterns(dupont);
    assert.ok(family!.test('dupont'));
    assert.ok(familyGiven!.test('dupontjean'));
    assert.ok(givenFamily!.test('jean_dupont'));
    assert.ok(!family!.test('dupontel'));
    assert.ok(id!.test('x pid12345 y'));
    assert.ok(!id!.test('pid123456'));
  });

  it('finds a name in a path, in UTF-16 bytes, and nothing in a clean file', () => {
    mkdirSync(join(dir, 'subj_1'), { recursive: true });
    writeFileSync(join(dir, 'subj_1', 'DUPONT-JEAN.txt'), 'clean');
    writeFileSync(join(dir, 'subj_1', 'a.bin'), Buffer.from('xx Dupont, Jean xx', 'utf16le'));
    writeFileSync(join(dir, 'subj_1', 'b.bin'), 'nothing here but subj_1');
    const findings = independentScan(dir, [dupont], { dcmdump: false });
    assert.ok(findings.some((f) => f.startsWith('path subj_1/DUPONT-JEAN.txt')));
    assert.ok(findings.some((f) => f.startsWith('bytes(utf16le) subj_1/a.bin')));
    assert.ok(!findings.some((f) => f.includes('b.bin')));
  });
});
