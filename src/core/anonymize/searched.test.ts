/**
 * Where names are searched beyond text VRs (CONTRACT.md "Searched"): private values whatever VR
 * they declare, standard values stored as UN or that are no valid value of their VR, binary
 * private data in the file's charset and in UTF-16BE, and bulk tags away from their standard
 * places. Bulk data at its standard places is never searched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ascii, type BuildElement, encodeDataset, part10 } from '../../../test/codec/dataset-builder.ts';
import type { DicomElement } from '../dicom/model.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { joinParts, rewriteDicom } from '../dicom/writer.ts';
import { buildNameIndex } from './name-index.ts';
import { planFileEdits } from './plan.ts';
import { researchProfile } from './profile.ts';
import { isBulkDataAt, searchMode } from './searched.ts';

const index = buildNameIndex([{ id: 'subj_P', spellings: ['PENHALIGON^Kestrel', 'ВОЛКОВА^Ирина'], patientIds: ['PHK10163'] }]);
const context = { index, patientId: 'subj_P', profile: researchProfile({ version: '9.9.9' }), hashAccession: (value: string) => `H${value.length}X` };
const even = (bytes: Uint8Array) => (bytes.length % 2 === 0 ? bytes : Uint8Array.from([...bytes, 0x20]));
const el = (tag: number, vr: string, value: Uint8Array | string): BuildElement => ({ tag, vr, value: even(typeof value === 'string' ? ascii(value) : value) });
const utf16be = (text: string) => Uint8Array.from([...text].flatMap((ch) => [ch.charCodeAt(0) >> 8, ch.charCodeAt(0) & 0xff]));
const iso8859_5 = (text: string) => Uint8Array.from(text, (ch) => (ch.charCodeAt(0) >= 0x401 ? ch.charCodeAt(0) - 0x360 : ch.charCodeAt(0)));
const pixels = Uint8Array.from({ length: 16 }, (_, i) => i);

const dataset: BuildElement[] = [
  el(0x00080005, 'CS', 'ISO_IR 144'),
  el(0x00080021, 'DA', 'PENHALIGON'),
  el(0x00080022, 'DA', '20200101'),
  el(0x00081030, 'UN', 'Penhaligon study'),
  { tag: 0x00081140, vr: 'SQ', items: [[el(0x7fe00010, 'OB', Uint8Array.from([0, ...ascii('PENHALIGON'), 0]))]] },
  { tag: 0x00880200, vr: 'SQ', items: [[el(0x7fe00010, 'OB', pixels)]] },
  el(0x00100010, 'PN', 'PENHALIGON^Kestrel'),
  el(0x00180050, 'DS', 'Penhaligon'),
  el(0x00180088, 'DS', '1.25'),
  el(0x00290010, 'LO', 'FINDER TEST 1.0'),
  el(0x00291010, 'US', 'PENHALIGON KESTREL'),
  el(0x00291011, 'DS', 'penhaligon'),
  el(0x00291020, 'OB', Uint8Array.from([1, 2, ...iso8859_5('ВОЛКОВА'), 3])),
  // Over the codec's lazy-read threshold, in the file's charset: read in it like a short value.
  el(0x0040a160, 'UT', iso8859_5(`${'текст '.repeat(50000)}ВОЛКОВА Ирина, конец`)),
  el(0x00291021, 'OB', Uint8Array.from([1, 2, ...utf16be('see PENHALIGON'), 3, 4])),
  { tag: 0x00291030, vr: 'SQ', items: [[el(0x00420011, 'OB', '%PDF-1.4 Penhaligon %%EOF'), el(0x7fe00010, 'OB', pixels)]] },
  el(0x7fe00010, 'OB', Uint8Array.from([0, ...ascii('PENHALIGON'), 0])),
];

describe('searched places', () => {
  const input = part10('1.2.840.10008.1.2.1', encodeDataset(dataset, { explicitVr: true, littleEndian: true }));
  const file = parseDicom(bytesSource(input));
  const all = [...file.elements()];
  const at = (path: string): DicomElement => {
    const found = all.find((element) => element.path === path);
    assert.ok(found, path);
    return found;
  };
  const plan = planFileEdits(file, context);
  const output = parseDicom(bytesSource(joinParts(rewriteDicom(file, plan.edits), file.source)));
  const latin1 = (path: string) => {
    const element = [...output.elements()].find((e) => e.path === path);
    return element === undefined ? undefined : new TextDecoder('latin1').decode(element.value()).trimEnd();
  };

  it('searches private values whatever VR they declare, UN and misfit standard values; not valid dates or numbers', () => {
    assert.equal(searchMode(at('(0029,1010)')), 'bytes');
    assert.equal(searchMode(at('(0029,1011)')), 'bytes');
    // Stored as UN, read with the dictionary's VR (LO).
    assert.equal(searchMode(at('(0008,1030)')), 'text');
    assert.equal(searchMode(at('(0008,0021)')), 'bytes');
    assert.equal(searchMode(at('(0018,0050)')), 'bytes');
    assert.equal(searchMode(at('(0008,0022)')), 'none');
    assert.equal(searchMode(at('(0018,0088)')), 'none');
  });

  it('knows bulk data by its place: top level and Icon Image Sequence, not a private or other sequence', () => {
    assert.equal(isBulkDataAt(at('(7FE0,0010)')), true);
    assert.equal(isBulkDataAt(at('(0088,0200)[0].(7FE0,0010)')), true);
    assert.equal(isBulkDataAt(at('(0029,1030)[0].(7FE0,0010)')), false);
    assert.equal(isBulkDataAt(at('(0029,1030)[0].(0042,0011)')), false);
    assert.equal(searchMode(at('(0029,1030)[0].(0042,0011)')), 'bytes');
  });

  it('replaces names in values that read as text, whatever their VR', () => {
    assert.equal(latin1('(0029,1010)'), 'subj_P');
    assert.equal(latin1('(0029,1011)'), 'subj_P');
    assert.equal(latin1('(0008,1030)'), 'subj_P study');
    assert.equal(latin1('(0008,0021)'), 'subj_P');
    assert.equal(latin1('(0018,0050)'), 'subj_P');
    assert.equal(latin1('(0008,0022)'), '20200101');
  });

  it("edits a text value over 256 KiB in the file's charset, keeping the rest of it", () => {
    assert.equal(at('(0040,A160)').isBulk, true);
    const element = [...output.elements()].find((e) => e.path === '(0040,A160)')!;
    const value = new TextDecoder('iso-8859-5').decode(output.source.read(element.valueOffset, element.valueLength));
    const expected = `${'текст '.repeat(50000)}subj_P, конец`;
    assert.ok(value.trimEnd() === expected, `${value.length} characters, ending ${JSON.stringify(value.slice(-30))}`);
  });

  it("removes binary private data holding a name in the file's charset or in UTF-16BE, and nested bulk tags of a private sequence", () => {
    const removed = plan.removed.map((r) => r.tagPath).sort();
    assert.deepEqual(removed, ['(0029,1020)', '(0029,1021)', '(0029,1030)[0].(0042,0011)']);
  });

  it('never searches bulk data at its standard place; a name in nested pixel data of a standard sequence is a residue', () => {
    assert.deepEqual(plan.residues.map((r) => r.location.tagPath), ['(0008,1140)[0].(7FE0,0010)']);
  });
});

describe("binary private data in the file's multi-byte charset", () => {
  const cjk = buildNameIndex([
    { id: 'subj_Y', spellings: ['山田^太郎'], patientIds: [] },
    { id: 'subj_W', spellings: ['王^小东'], patientIds: [] },
  ]);
  const cases: [string, string[], Uint8Array][] = [
    // 山田太郎 in JIS X 0208 between ISO 2022 escapes (ESC $ B … ESC ( B).
    ['ISO 2022 IR 87', ['', 'ISO 2022 IR 87'], Uint8Array.from([1, 2, 0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x42, 0x40, 0x4f, 0x3a, 0x1b, 0x28, 0x42, 3])],
    // 王小东 in GB18030.
    ['GB18030', ['GB18030'], Uint8Array.from([1, 2, 0xcd, 0xf5, 0xd0, 0xa1, 0xb6, 0xab, 3, 4])],
  ];
  for (const [label, charsets, value] of cases) {
    it(`removes a private value holding a name in ${label}`, () => {
      const items: BuildElement[] = [el(0x00080005, 'CS', charsets.join('\\')), el(0x00290010, 'LO', 'FINDER TEST 1.0'), el(0x00291020, 'OB', value)];
      const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset(items, { explicitVr: true, littleEndian: true }))));
      const plan = planFileEdits(file, { ...context, index: cjk, patientId: 'subj_Y' });
      assert.deepEqual(plan.removed.map((r) => r.tagPath), ['(0029,1020)']);
    });
  }

  it('keeps a private value holding only a family name of two ideographs (山田): never searched alone', () => {
    const value = Uint8Array.from([1, 2, 0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42, 3]);
    const items: BuildElement[] = [el(0x00080005, 'CS', '\\ISO 2022 IR 87'), el(0x00290010, 'LO', 'FINDER TEST 1.0'), el(0x00291020, 'OB', value)];
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset(items, { explicitVr: true, littleEndian: true }))));
    const plan = planFileEdits(file, { ...context, index: cjk, patientId: 'subj_W' });
    assert.deepEqual(plan.removed, []);
  });
});

describe('values that only look like their VR', () => {
  const digits = buildNameIndex([{ id: 'subj_N', spellings: ['NOWAK^Ola'], patientIds: ['48213977'] }]);
  const input = part10(
    '1.2.840.10008.1.2.1',
    encodeDataset([el(0x00080022, 'DA', '20200101'), el(0x00080023, 'DA', '48213977'), el(0x00290010, 'LO', 'FINDER TEST 1.0'), el(0x00291012, 'FD', 'ref 48213977 ok')], { explicitVr: true, littleEndian: true }),
  );
  const file = parseDicom(bytesSource(input));
  const plan = planFileEdits(file, { ...context, index: digits, patientId: 'subj_N' });
  const output = parseDicom(bytesSource(joinParts(rewriteDicom(file, plan.edits), file.source)));
  const value = (path: string) => [...output.elements()].find((e) => e.path === path)!.value();

  it('searches digits in a DA that name no day (month 39): a PatientID stored there is replaced', () => {
    assert.equal(searchMode([...file.elements()].find((e) => e.path === '(0008,0023)')!), 'bytes');
    assert.equal(searchMode([...file.elements()].find((e) => e.path === '(0008,0022)')!), 'none');
    assert.equal(new TextDecoder().decode(value('(0008,0023)')).trimEnd(), 'subj_N');
  });

  it('keeps a private binary number value a whole number of values long after an id replaced text in it', () => {
    const fd = value('(0029,1012)');
    assert.equal(fd.length % 8, 0);
    assert.match(new TextDecoder('latin1').decode(fd), /^ref subj_N ok ?\0*$/);
  });
});
