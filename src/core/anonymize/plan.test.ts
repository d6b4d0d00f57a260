import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { encodeDataset, part10 } from '../../../test/codec/dataset-builder.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { joinParts, rewriteDicom } from '../dicom/writer.ts';
import { buildNameIndex } from './name-index.ts';
import { type FilePlan, type PlanContext, planFileEdits } from './plan.ts';
import { plant, plantedNames } from './planted.fixture.ts';
import { researchProfile } from './profile.ts';
import { verifyWrittenFile } from './verify.ts';

const skip = corpusUnavailable() ?? dcmdumpUnavailable() ?? pydicomUnavailable();
const work = mkdtempSync(join(tmpdir(), 'dicomveil-plan-'));
after(() => rmSync(work, { recursive: true, force: true }));

const index = buildNameIndex([
  { id: 'subj_A', spellings: ['DUPONT^Jean', 'CompressedSamples^CT1', 'Wang^XiaoDong'], patientIds: ['PAT12345', '1CT1', '4MR1'] },
  { id: 'subj_B', spellings: ['MARTIN^Claire'], patientIds: [] },
]);
const context = (extra: Partial<PlanContext> = {}): PlanContext => ({
  index,
  patientId: 'subj_A',
  profile: researchProfile({ version: '9.9.9' }),
  hashAccession: (value) => `H${value.length}X`,
  ...extra,
});

/** Plants the names in a corpus file, anonymizes it, writes input and output to disk. */
function anonymizePlanted(name: string, extra: Partial<PlanContext> = {}): { input: string; output: string; plan: FilePlan; bytes: Uint8Array } {
  const original = parseDicom(bytesSource(readFileSync(join(corpusDir, 'pydicom/src/pydicom/data/test_files', name))));
  const planted = plant(original, plantedNames(original));
  const file = parseDicom(bytesSource(planted));
  const plan = planFileEdits(file, context(extra));
  const bytes = joinParts(rewriteDicom(file, plan.edits), file.source);
  const input = join(work, `in-${name}`);
  const output = join(work, `out-${extra.profile?.removePrivate ? 'np-' : ''}${name}`);
  writeFileSync(input, planted);
  writeFileSync(output, bytes);
  return { input, output, plan, bytes };
}

/** Values pydicom reads from a file: keyword or tag (gggg,eeee) → string, 'ABSENT' when missing. */
const READ_VALUES = `
import sys, json, pydicom
ds = pydicom.dcmread(sys.argv[1], force=True)
def get(path):
    node = ds
    for part in path.split('/'):
        if part.isdigit():
            node = node[int(part)]
            continue
        tag = int(part.strip('()').replace(',', ''), 16) if ',' in part else pydicom.datadict.tag_for_keyword(part)
        if tag not in node:
            return 'ABSENT'
        node = node[tag].value
    if isinstance(node, bytes):
        return node.decode('latin-1').rstrip('\\x00 ')
    return str(node)
print(json.dumps({p: get(p) for p in sys.argv[2:]}))
`;

function readValues(path: string, paths: string[]): Record<string, string> {
  return JSON.parse(pydicom(READ_VALUES, [path, ...paths])) as Record<string, string>;
}

for (const name of ['CT_small.dcm', 'MR_small_implicit.dcm']) {
  describe(`planFileEdits on ${name} with names planted everywhere`, { skip }, () => {
    const { input, output, plan, bytes } = anonymizePlanted(name);

    it('leaves no name to verification and no residue', () => {
      assert.deepEqual(plan.residues, []);
      assert.deepEqual(verifyWrittenFile(bytes, index), []);
    });

    it('finds the planted names before anonymization (the test can fail)', () => {
      const found = new Set(verifyWrittenFile(readFileSync(input), index).map((f) => f.tagPath));
      for (const path of ['(0010,0010)', '(0020,4000)', '(0033,1013)', '(0033,1014)', '(0033,1015)', '(0040,0275)[0].(0040,0007)', '(0040,0275)[0].(0040,0008)[0].(0008,0104)']) {
        assert.ok(found.has(path), `${path} in ${[...found].join(' ')}`);
      }
    });

    it('writes a file dcmdump reads', () => {
      assert.equal(dcmdump(output).ok, true);
    });

    it('replaces names in text in place, at any depth, and keeps the rest of each value', () => {
      const values = readValues(output, [
        'PatientName', 'PatientID', 'ImageComments', '(0033,1013)', '(0033,1015)',
        'RequestAttributesSequence/0/ScheduledProcedureStepDescription',
        'RequestAttributesSequence/0/ScheduledProtocolCodeSequence/0/CodeMeaning',
      ]);
      assert.deepEqual(values, {
        PatientName: 'subj_A',
        PatientID: 'subj_A',
        ImageComments: 'Follow-up of subj_A (subj_A); sister subj_B.',
        '(0033,1013)': 'seen: subj_A',
        '(0033,1015)': 'subj_A',
        'RequestAttributesSequence/0/ScheduledProcedureStepDescription': 'CT subj_A',
        'RequestAttributesSequence/0/ScheduledProtocolCodeSequence/0/CodeMeaning': 'Protocol for subj_A',
      });
    });

    it('removes binary private elements holding a name, and what the profile removes', () => {
      const values = readValues(output, ['(0033,1014)', '(0033,1016)', 'PatientAddress', 'OtherPatientNames', 'OtherPatientIDsSequence']);
      assert.deepEqual(Object.values(values), ['ABSENT', 'ABSENT', 'ABSENT', 'ABSENT', 'ABSENT']);
      assert.deepEqual(plan.removed.filter((r) => r.reason === 'name-in-binary').map((r) => r.tagPath), ['(0033,1014)', '(0033,1016)']);
    });

    it('hashes the accession number and says how the file was de-identified', () => {
      const values = readValues(output, ['AccessionNumber', 'PatientIdentityRemoved', 'DeidentificationMethod']);
      assert.deepEqual(values, {
        AccessionNumber: 'H8X',
        PatientIdentityRemoved: 'YES',
        DeidentificationMethod: 'dicomveil 9.9.9: pseudonymised, keyed ids; dates, age, sex kept',
      });
    });

    it('keeps pixel data, dates, age, sex and UIDs as they were', () => {
      const kept = ['StudyDate', 'PatientSex', 'PatientAge', 'SOPInstanceUID', 'StudyInstanceUID', 'Rows'];
      assert.deepEqual(readValues(output, kept), readValues(input, kept));
      const pixels = (path: string) => pydicom('import sys, pydicom, hashlib; print(hashlib.sha256(pydicom.dcmread(sys.argv[1]).PixelData).hexdigest())', [path]);
      assert.equal(pixels(output), pixels(input));
    });
  });
}

describe('planFileEdits options and residues', { skip }, () => {
  it('removes every private element with --private-tags remove', () => {
    const { output, plan } = anonymizePlanted('CT_small.dcm', { profile: researchProfile({ version: '1', privateTags: 'remove' }) });
    assert.equal(dcmdump(output).ok, true);
    const tags = pydicom('import sys, pydicom; print(sum(1 for e in pydicom.dcmread(sys.argv[1]) if e.tag.is_private))', [output]);
    assert.equal(tags.trim(), '0');
    assert.ok(plan.removed.some((r) => r.reason === 'private-tags'));
  });

  it('reports a name in a binary standard element as a residue naming the tag path, not the name', () => {
    const original = parseDicom(bytesSource(readFileSync(join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm'))));
    const planted = parseDicom(bytesSource(plant(original, [{ tag: 0x00281201, vr: 'OW', value: new TextEncoder().encode('\x01\x00DUPONT\x00\x00') }])));
    const plan = planFileEdits(planted, context({ file: 'in/ct.dcm' }));
    assert.equal(plan.residues.length, 1);
    assert.equal(plan.residues[0]!.location.tagPath, '(0028,1201)');
    assert.equal(plan.residues[0]!.location.file, 'in/ct.dcm');
    assert.doesNotMatch(plan.residues[0]!.message, /dupont/i);
  });

  it('replaces a name in a text value too large to be held in memory by the codec', () => {
    const file = parseDicom(bytesSource(readFileSync(join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm'))));
    const text = `${'x'.repeat(200_000)} seen Jean Dupont ${'y'.repeat(200_000)}`;
    const planted = parseDicom(bytesSource(plant(file, [{ tag: 0x0040a160, vr: 'UT', value: new TextEncoder().encode(text) }])));
    assert.equal(planted.get(0x0040a160)?.isBulk, true);
    const plan = planFileEdits(planted, context());
    assert.deepEqual(plan.residues, []);
    const bytes = joinParts(rewriteDicom(planted, plan.edits), planted.source);
    assert.deepEqual(verifyWrittenFile(bytes, index, { protect: plan.protect }), []);
    const output = join(work, 'large-text.dcm');
    writeFileSync(output, bytes);
    assert.equal(readValues(output, ['TextValue']).TextValue, text.replace('Jean Dupont', 'subj_A'));
  });

  it('never writes an accession hash that spells a name: it takes the next variant', () => {
    const file = parseDicom(bytesSource(readFileSync(join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm'))));
    const planted = parseDicom(bytesSource(plant(file, [{ tag: 0x00080050, vr: 'SH', value: new TextEncoder().encode('A1') }])));
    const seen: string[] = [];
    const hashAccession = (value: string) => {
      seen.push(value);
      return seen.length === 1 ? '7MARTIN2' : 'K3Q9X';
    };
    const plan = planFileEdits(planted, context({ hashAccession }));
    assert.deepEqual(seen, ['A1', 'A1\u00001']);
    const bytes = joinParts(rewriteDicom(planted, plan.edits), planted.source);
    assert.deepEqual(verifyWrittenFile(bytes, index), []);
  });

  it('replaces a name in the file meta group', () => {
    const file = parseDicom(bytesSource(readFileSync(join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm'))));
    const planted = parseDicom(bytesSource(plant(file, [{ tag: 0x00020016, vr: 'AE', value: new TextEncoder().encode('WS_DUPONT') }])));
    assert.ok(verifyWrittenFile(joinParts(rewriteDicom(planted, []), planted.source), index).some((f) => f.tagPath === '(0002,0016)'));
    const plan = planFileEdits(planted, context());
    const output = join(work, 'meta.dcm');
    writeFileSync(output, joinParts(rewriteDicom(planted, plan.edits), planted.source));
    assert.deepEqual(verifyWrittenFile(readFileSync(output), index, { protect: plan.protect }), []);
    assert.equal(pydicom('import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).file_meta.SourceApplicationEntityTitle)', [output]).trim(), 'WS_subj_A');
  });

  it('writes the id in upper case in CS values, which allow no lower case', () => {
    const file = parseDicom(bytesSource(readFileSync(join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm'))));
    const planted = parseDicom(bytesSource(plant(file, [{ tag: 0x00080008, vr: 'CS', value: new TextEncoder().encode('ORIGINAL\\PRIMARY\\PAT12345') }])));
    const plan = planFileEdits(planted, context());
    const output = join(work, 'cs.dcm');
    writeFileSync(output, joinParts(rewriteDicom(planted, plan.edits), planted.source));
    assert.deepEqual(verifyWrittenFile(readFileSync(output), index, { protect: plan.protect }), []);
    assert.equal(readValues(output, ['ImageType']).ImageType, "['ORIGINAL', 'PRIMARY', 'SUBJ_A']");
  });

  it('removes trailing padding that holds a name rather than give up on the file', () => {
    const file = parseDicom(bytesSource(readFileSync(join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm'))));
    const planted = parseDicom(bytesSource(plant(file, [{ tag: 0xfffcfffc, vr: 'OB', value: new TextEncoder().encode('\x00\x00DUPONT\x00\x00') }])));
    const plan = planFileEdits(planted, context());
    assert.deepEqual(plan.residues, []);
    assert.ok(plan.removed.some((r) => r.tagPath === '(FFFC,FFFC)' && r.reason === 'name-in-binary'));
  });

  it('inserts PatientName and PatientID where the file has none', () => {
    const original = parseDicom(bytesSource(readFileSync(join(corpusDir, 'dcmjs/test/no-meta-length-test.dcm'))));
    assert.equal(original.get(0x00100010), undefined);
    const plan = planFileEdits(original, context());
    const output = join(work, 'inserted.dcm');
    writeFileSync(output, joinParts(rewriteDicom(original, plan.edits), original.source));
    assert.deepEqual(readValues(output, ['PatientName', 'PatientID']), { PatientName: 'subj_A', PatientID: 'subj_A' });
  });
});

describe('planFileEdits: Windows-1252 bytes in an ISO_IR 100 file', () => {
  it("finds O\u2019DAY written with 0x92 and replaces it, keeping the value's other C1 bytes", () => {
    const oday = buildNameIndex([{ id: 'subj_O', spellings: ["O'DAY^Sean"], patientIds: [] }]);
    const elements = [
      { tag: 0x00080005, vr: 'CS', value: new TextEncoder().encode('ISO_IR 100') },
      { tag: 0x00081030, vr: 'LO', value: Uint8Array.from([...new TextEncoder().encode('seen by O'), 0x92, ...new TextEncoder().encode('DAY '), 0x93, 0x6f, 0x6b, 0x94]) },
    ];
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset(elements, { explicitVr: true, littleEndian: true }))));
    const plan = planFileEdits(file, context({ index: oday, patientId: 'subj_O' }));
    const written = parseDicom(bytesSource(joinParts(rewriteDicom(file, plan.edits), file.source)));
    // Padded with a space to an even length, as LO is.
    assert.deepEqual(written.get(0x00081030)!.value(), Uint8Array.from([...new TextEncoder().encode('seen by subj_O '), 0x93, 0x6f, 0x6b, 0x94, 0x20]));
    assert.deepEqual(plan.replaced.filter((r) => r.cause === 'name').map((r) => r.keyword), ['StudyDescription']);
  });
});

describe('planFileEdits: what the report counts', () => {
  it('says which values a name changed, by keyword, and which it had to shorten to fit their VR', () => {
    const ascii = (text: string) => new TextEncoder().encode(text.length % 2 ? `${text} ` : text);
    const elements = [
      { tag: 0x00081030, vr: 'LO', value: ascii('Brain for DUPONT Jean') },
      { tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^Jean') },
      { tag: 0x00200010, vr: 'SH', value: ascii('DUPONT 22222') },
    ];
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset(elements, { explicitVr: true, littleEndian: true }))));
    const plan = planFileEdits(file, context({ idFor: (id) => `${id}_K3M9QW` }));
    assert.deepEqual(plan.replaced.map((r) => [r.keyword, r.cause]).sort(), [['PatientName', 'profile'], ['StudyDescription', 'name'], ['StudyID', 'name']]);
    assert.deepEqual(plan.shortened, ['(0020,0010)']);
    const written = parseDicom(bytesSource(joinParts(rewriteDicom(file, plan.edits), file.source)));
    assert.equal(new TextDecoder().decode(written.get(0x00200010)!.value()), 'subj_A_K3M9QW 22');
  });
});
