/**
 * Implicit-VR private elements take their VR from the creator's dictionary entry (as dcmtk
 * reads them), and are written back byte for byte.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ascii, type BuildElement, encodeDataset, part10, u16 } from '../../../test/codec/dataset-builder.ts';
import { dcmdump, dcmdumpUnavailable } from '../../../test/support/checkers.ts';
import { parseDicom } from './reader.ts';
import { bytesSource } from './source.ts';
import { joinParts, rewriteDicom } from './writer.ts';

const IMPLICIT_LE = { explicitVr: false, littleEndian: true };
const EXPLICIT_LE = { explicitVr: true, littleEndian: true };

const dataset: BuildElement[] = [
  { tag: 0x00080005, vr: 'CS', value: ascii('ISO_IR 100') },
  { tag: 0x00090010, vr: 'LO', value: ascii('GEMS_IDEN_01') },
  { tag: 0x00091001, vr: 'LO', value: ascii('Dupont Jean ') },
  { tag: 0x0009101a, vr: 'US', value: u16(7, true) },
  { tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^JEAN') },
  { tag: 0x00190010, vr: 'LO', value: ascii('NO SUCH VENDOR') },
  { tag: 0x00191001, vr: 'LO', value: ascii('Dupont Jean ') },
  { tag: 0x00290010, vr: 'LO', value: ascii('SIEMENS CSA HEADER') },
  { tag: 0x00291008, vr: 'CS', value: ascii('IMAGE NUM 4 ') },
  { tag: 0x00291010, vr: 'OB', value: Uint8Array.of(0x53, 0x56, 0x31, 0x30, 4, 3, 2, 1) },
];

const vrs = (bytes: Uint8Array) => new Map([...parseDicom(bytesSource(bytes)).elements()].map((e) => [e.tag, e.vr]));

describe('private VRs in implicit VR', () => {
  const implicit = part10('1.2.840.10008.1.2', encodeDataset(dataset, IMPLICIT_LE));

  it("reads a known creator's elements with the vendor's VR, and an unknown creator's as UN", () => {
    const found = vrs(implicit);
    assert.equal(found.get(0x00091001), 'LO');
    assert.equal(found.get(0x0009101a), 'US');
    assert.equal(found.get(0x00291008), 'CS');
    assert.equal(found.get(0x00291010), 'OB');
    assert.equal(found.get(0x00191001), 'UN');
    assert.equal(found.get(0x00090010), 'LO', 'a private creator is LO by the standard');
  });

  it('keeps the VR written in an explicit-VR file', () => {
    const explicit = part10('1.2.840.10008.1.2.1', encodeDataset(dataset.map((e) => (e.tag === 0x00091001 ? { ...e, vr: 'UT' } : e)), EXPLICIT_LE));
    assert.equal(vrs(explicit).get(0x00091001), 'UT');
  });

  it('writes an unchanged file back byte for byte', () => {
    const file = parseDicom(bytesSource(implicit));
    assert.deepEqual(joinParts(rewriteDicom(file, []), file.source), implicit);
  });

  it('agrees with dcmdump on every private element', { skip: dcmdumpUnavailable() }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'dicomveil-private-vr-'));
    try {
      const path = join(dir, 'implicit.dcm');
      writeFileSync(path, implicit);
      const dump = dcmdump(path);
      assert.ok(dump.ok, dump.stderr);
      // dcmdump writes ?? for a VR it does not know.
      const theirs = new Map([...dump.stdout.matchAll(/^\((\w{4}),(\w{4})\) (\S\S) /gm)].map((m) => [Number.parseInt(`${m[1]}${m[2]}`, 16), m[3] === '??' ? 'UN' : m[3]]));
      for (const [tag, vr] of vrs(implicit)) {
        if ((tag >>> 16) % 2 === 1) assert.equal(vr, theirs.get(tag), `(${tag.toString(16)})`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
