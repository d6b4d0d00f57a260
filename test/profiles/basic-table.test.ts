/**
 * Every row of PS3.15 Table E.1-1, under every option and pair of options: a file holding each
 * attribute (top level and inside a sequence item) is planned and written by the basic profile,
 * and pydicom checks the output against the table read straight from the reference JSON.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deflateSync } from 'fflate';
import { buildNameIndex } from '../../src/core/anonymize/name-index.ts';
import { planFileEdits } from '../../src/core/anonymize/plan.ts';
import { vrForTag } from '../../src/core/dicom/dictionary.ts';
import { parseDicom } from '../../src/core/dicom/reader.ts';
import { bytesSource } from '../../src/core/dicom/source.ts';
import { joinParts, rewriteDicom } from '../../src/core/dicom/writer.ts';
import { keyedValues } from '../../src/core/ids/keyed-values.ts';
import { basicProfile } from '../../src/core/profiles/basic.ts';
import { CLEAN_OPTIONS, type CleanOption, RETAIN_OPTIONS, type RetainOption } from '../../src/core/profiles/model.ts';
import { ascii, type BuildElement, encodeDataset, part10 } from '../codec/dataset-builder.ts';
import { pydicomUnavailable, SYSTEM_PYTHON } from '../support/checkers.ts';
import { confidentialityTablePath, referenceUnavailable } from '../support/reference.ts';

/** A sequence no table row names (kept), to hold every attribute again one level down. */
const CONTAINER = 0x00081115;
const PATIENT = 'subj_TABLE001';

const BINARY_SIZE: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, AT: 4, FD: 8, SV: 8, UV: 8, OB: 4, OW: 4, OF: 4, OD: 8, OL: 4, OV: 8, UN: 4 };

/** An original value valid for its VR, different for every tag, holding no name. */
function originalValue(tag: number, vr: string): BuildElement | undefined {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  const even = (text: string, pad = ' ') => ascii(text.length % 2 ? text + pad : text);
  const size = BINARY_SIZE[vr];
  if (size !== undefined) return { tag, vr, value: new Uint8Array(size).map((_, i) => i + 1) };
  const byVr: Record<string, string> = { DA: '20200315', TM: '101112', DT: '20200315101112', AS: '042Y', IS: '42', DS: '4.2', UR: 'http://example.org/o', PN: `O${hex}^X` };
  if (vr === 'UI') return { tag, vr, value: even(`1.2.826.0.1.3680043.99.${tag >>> 0}`, '\0') };
  if (vr === 'SQ') return { tag, vr, items: [[{ tag: 0x00080100, vr: 'SH', value: even('ORIGCODE') }]] };
  if (['AE', 'CS', 'SH', 'LO', 'LT', 'ST', 'UT', 'UC', 'PN', ...Object.keys(byVr)].includes(vr)) return { tag, vr, value: even(byVr[vr] ?? `O${hex}`) };
  return undefined;
}

interface Row {
  tag: string;
  name: string;
}

function tableElements(): BuildElement[] {
  const rows = JSON.parse(readFileSync(confidentialityTablePath, 'utf8')) as Row[];
  const out: BuildElement[] = [];
  for (const row of rows) {
    const m = /^\(([0-9A-F]{4}|60XX),([0-9A-F]{4})\)$/.exec(row.tag);
    if (!m) continue; // (50XX,XXXX) and private groups: no single element to plant
    const tag = Number.parseInt(`${m[1]!.replace('XX', '00')}${m[2]}`, 16);
    const group = tag >>> 16;
    // Command (0000) and file meta (0002) elements cannot sit in a data set.
    if (group === 0x0000 || group === 0x0002) continue;
    const vr = (vrForTag(tag) ?? '').split('|')[0]!;
    const element = originalValue(tag, vr);
    if (element !== undefined) out.push(element);
  }
  return out.sort((a, b) => a.tag - b.tag);
}

function optionSets(): { retain: RetainOption[]; clean: CleanOption[] }[] {
  const all = [...RETAIN_OPTIONS, ...CLEAN_OPTIONS];
  const sets: (RetainOption | CleanOption)[][] = [[], ...all.map((option) => [option])];
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) sets.push([all[i]!, all[j]!]);
  return sets
    .filter((set) => !(set.includes('full-dates') && set.includes('modified-dates')))
    .map((set) => ({ retain: set.filter((o): o is RetainOption => (RETAIN_OPTIONS as string[]).includes(o)), clean: set.filter((o): o is CleanOption => (CLEAN_OPTIONS as string[]).includes(o)) }));
}

const dir = mkdtempSync(join(tmpdir(), 'dicomveil-table-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the basic profile against PS3.15 Table E.1-1', () => {
  it('gives every attribute of the table its action, at the top level and nested, under every option and pair of options, in every transfer syntax', (t) => {
    const skip = referenceUnavailable() ?? pydicomUnavailable();
    if (skip) return t.skip(skip);
    const elements = tableElements();
    assert.ok(elements.length > 500, `${elements.length} attributes planted`);
    const all = [...elements, { tag: CONTAINER, vr: 'SQ', items: [elements] }].sort((a, b) => a.tag - b.tag);
    const key = randomBytes(32);
    const keyed = keyedValues(key);
    const index = buildNameIndex([{ id: PATIENT, spellings: ['QUINTUS^ZEBEDEE'], patientIds: ['PID-QZ-7731'] }]);
    // Every option set in explicit little endian; the plain profile and one with shifted dates in
    // the other transfer syntaxes (implicit VR, big endian, deflated).
    const syntaxes = [
      { uid: '1.2.840.10008.1.2.1', encoding: { explicitVr: true, littleEndian: true }, sets: optionSets() },
      { uid: '1.2.840.10008.1.2', encoding: { explicitVr: false, littleEndian: true }, sets: optionSets().slice(0, 3) },
      { uid: '1.2.840.10008.1.2.2', encoding: { explicitVr: true, littleEndian: false }, sets: optionSets().slice(0, 3) },
      { uid: '1.2.840.10008.1.2.1.99', encoding: { explicitVr: true, littleEndian: true }, sets: optionSets().slice(0, 3) },
    ];
    let n = 0;
    const cases = syntaxes.flatMap(({ uid, encoding, sets }) => {
      const dataset = encodeDataset(all, encoding);
      const bytes = part10(uid, uid.endsWith('.99') ? deflateSync(dataset) : dataset);
      const input = join(dir, `input-${uid}.dcm`);
      writeFileSync(input, bytes);
      return sets.map(({ retain, clean }) => {
        const file = parseDicom(bytesSource(bytes));
        const profile = basicProfile({ retain, clean, version: 'test' });
        const plan = planFileEdits(file, { index, patientId: PATIENT, profile, hashAccession: (value) => keyed.hashValue('AccessionNumber', value), uid: keyed.uid, dateShiftDays: keyed.dateShiftDays(PATIENT) });
        assert.deepEqual(plan.residues, []);
        const output = join(dir, `out-${n++}.dcm`);
        writeFileSync(output, joinParts(rewriteDicom(file, plan.edits), file.source));
        return { input, output, retain, clean };
      });
    });
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
    const result = spawnSync(SYSTEM_PYTHON, [join(import.meta.dirname, 'check-basic-table.py'), confidentialityTablePath, Buffer.from(key).toString('hex'), PATIENT, CONTAINER.toString(16), join(dir, 'cases.json')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    const checked = Number(/^checked (\d+)$/.exec(lines.pop() ?? '')?.[1]);
    assert.deepEqual(lines, [], `${lines.length} attribute(s) not as the table says`);
    assert.ok(checked >= cases.length * elements.length * 2 * 0.95, `only ${checked} checks`);
  });
});
