import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildNameIndex } from '../../core/anonymize/name-index.ts';
import { researchProfile } from '../../core/anonymize/profile.ts';
import { riskFlags } from '../../core/anonymize/risk.ts';
import { parseDicom } from '../../core/dicom/reader.ts';
import { openFileSource } from '../io/file-source.ts';
import { dicomFile, EXPLICIT_VR_LE } from '../example/dicom-builder.ts';
import type { ProcessorContext, ProcessorSetup } from './file-processor.ts';
import { keyedValue } from '../../core/ids/keyed-hash.ts';
import { accessionHasher, anonymizeToTemp, runNeedles, verifyTemp } from './file-steps.ts';

const dir = mkdtempSync(join(tmpdir(), 'dicomveil-steps-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Pixel data above the bulk threshold, so it is copied as a source range and proven verbatim.
const pixels = new Uint8Array(300 * 1024).map((_, i) => (i * 7) & 0xff);
const input = join(dir, 'in.dcm');
writeFileSync(
  input,
  dicomFile(
    { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.4', transferSyntaxUid: EXPLICIT_VR_LE },
    [
      { tag: 0x00100010, vr: 'PN', value: 'WHITFIELD^ROSALIND' },
      { tag: 0x00100020, vr: 'LO', value: 'PID-88213' },
      { tag: 0x00204000, vr: 'LT', value: 'seen with Rosalind Whitfield' },
      { tag: 0x7fe00010, vr: 'OW', value: pixels },
    ],
    { implicit: false, charset: 'ISO_IR 100', undefinedLengths: false },
  ),
);

let temps = 0;
const patients = [{ id: 'subj_TEST0001', spellings: ['WHITFIELD^ROSALIND'], patientIds: ['PID-88213'] }];
const profile = researchProfile({ remove: [], privateTags: 'keep', version: 'test' });
const context: ProcessorContext = {
  setup: {} as ProcessorSetup,
  index: buildNameIndex(patients),
  needles: runNeedles(patients, profile),
  profile,
  hashAccession: accessionHasher(new Uint8Array(32)),
  flagsOf: riskFlags,
  nextTemp: () => join(dir, `${temps++}.part`),
};
const task = { ref: 'in.dcm', out: 'subj_TEST0001/in.dcm', patientId: 'subj_TEST0001', mode: 'write' } as const;

/** Anonymizes `input` to a new temp file; returns its path and the verdict read back from disk. */
function writeAndVerify(): { temp: string; clean: boolean } {
  const source = openFileSource(input);
  try {
    const file = parseDicom(source);
    const temp = context.nextTemp();
    const written = anonymizeToTemp(context, file, source, task, temp);
    try {
      return { temp, clean: written.clean && verifyTemp(context, written.output, file, task).clean };
    } finally {
      written.output.close();
    }
  } finally {
    source.close();
  }
}

function verifyAgain(temp: string): ReturnType<typeof verifyTemp> {
  const source = openFileSource(input);
  const output = openFileSource(temp);
  try {
    return verifyTemp(context, output, parseDicom(source), task);
  } finally {
    output.close();
    source.close();
  }
}

describe('pass 2 steps: write, then read back through the same descriptor', () => {
  it('writes a file with no name left and the pixel data verbatim, and verifies it clean', () => {
    const { temp, clean } = writeAndVerify();
    assert.equal(clean, true);
    const bytes = readFileSync(temp);
    assert.equal(bytes.includes('WHITFIELD'), false);
    assert.equal(bytes.includes('Whitfield'), false);
    assert.equal(bytes.includes('PID-88213'), false);
    assert.deepEqual(new Uint8Array(bytes.subarray(bytes.length - pixels.length)), pixels);
  });

  it('catches one flipped bit in the written pixel data', () => {
    const { temp } = writeAndVerify();
    assert.equal(verifyAgain(temp).clean, true);
    const size = readFileSync(temp).length;
    const fd = openSync(temp, 'r+');
    writeSync(fd, Uint8Array.of(pixels[pixels.length - 1000]! ^ 0x10), 0, 1, size - 1000);
    closeSync(fd);
    const verdict = verifyAgain(temp);
    assert.equal(verdict.clean, false);
    assert.match(verdict.element ?? '', /bulk data differs/);
  });
});

describe('verification after the write is the second opinion', () => {
  it('makes a written file holding a name a residue, named by its element', () => {
    // The input itself, as if the planner had left everything: the first name in document order is PatientName.
    const verdict = verifyAgain(input);
    assert.equal(verdict.clean, false);
    assert.equal(verdict.element, '(0010,0010)');
  });

  it('makes a file whose output path holds a name a residue', () => {
    const { temp } = writeAndVerify();
    const source = openFileSource(input);
    const output = openFileSource(temp);
    try {
      const verdict = verifyTemp(context, output, parseDicom(source), { ...task, out: 'subj_TEST0001/Rosalind_Whitfield.dcm' });
      assert.deepEqual([verdict.clean, verdict.element], [false, 'output path']);
    } finally {
      output.close();
      source.close();
    }
  });

  it("searches the patient's given name alone in its own file only", () => {
    const { temp } = writeAndVerify();
    const bytes = readFileSync(temp);
    // The given name alone, written over the id that replaced the full name in the comment.
    const at = bytes.indexOf('seen with subj_TEST0001');
    assert.ok(at >= 0, 'the written comment holds the id where the name was');
    const planted = Buffer.from(bytes);
    planted.write('seen with ROSALIND     ', at, 'latin1');
    writeFileSync(temp, planted);
    assert.equal(verifyAgain(temp).clean, false, "the patient's own given name");
    const other = { ...task, patientId: 'subj_OTHER' };
    const source = openFileSource(input);
    const output = openFileSource(temp);
    try {
      assert.equal(verifyTemp(context, output, parseDicom(source), other).clean, true, 'not searched alone in another patient\'s file');
    } finally {
      output.close();
      source.close();
    }
  });
});

describe('accessionHasher', () => {
  it('gives the keyed value of the ids module, the same on every call, and differs by key', async () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const hash = accessionHasher(key);
    for (const value of ['ACC-2024-0042', 'ACC-2024-0042', '', 'Ünïcode 12']) assert.equal(hash(value), await keyedValue(key, 'AccessionNumber', value));
    assert.notEqual(accessionHasher(new Uint8Array(32))('ACC-2024-0042'), hash('ACC-2024-0042'));
  });
});
