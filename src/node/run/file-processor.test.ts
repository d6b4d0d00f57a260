import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readHeaderFacts } from '../../core/plan/header-facts.ts';
import { seenDigest } from '../../core/plan/seen-facts.ts';
import { bytesSource } from '../../core/dicom/source.ts';
import { dicomFile, EXPLICIT_VR_LE } from '../example/dicom-builder.ts';
import { createFileProcessor, type ProcessorSetup } from './file-processor.ts';
import type { FileTask } from './file-task.ts';

const dir = mkdtempSync(join(tmpdir(), 'dicomveil-processor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function patientFile(name: string, id: string, description: string): Uint8Array {
  return dicomFile(
    { sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: '1.2.3.4', transferSyntaxUid: EXPLICIT_VR_LE },
    [
      { tag: 0x00081030, vr: 'LO', value: description },
      { tag: 0x00100010, vr: 'PN', value: name },
      { tag: 0x00100020, vr: 'LO', value: id },
    ],
    { implicit: false, charset: 'ISO_IR 100', undefinedLengths: false },
  );
}

const setup: ProcessorSetup = {
  inputRoot: join(dir, 'in'),
  output: join(dir, 'out'),
  tempDir: join(dir, 'out', '.tmp'),
  quarantineDir: join(dir, 'quarantine'),
  spillDir: join(dir, 'spill'),
  patients: [{ id: 'subj_TEST0001', spellings: ['DUPONT^JEAN'], patientIds: ['FR11111111'] }],
  key: new Uint8Array(32),
  profile: 'research',
  retain: [],
  clean: [],
  remove: [],
  privateTags: 'keep',
  version: 'test',
};

mkdirSync(setup.inputRoot, { recursive: true });

describe('pass 2 for one file', () => {
  const planned = patientFile('DUPONT^JEAN', 'FR11111111', 'chest');
  const scannedFacts = seenDigest(planned.length, readHeaderFacts(bytesSource(planned)).identity);
  const task: FileTask = { ref: 'a.dcm', out: 'subj_TEST0001/a.dcm', patientId: 'subj_TEST0001', mode: 'write', seen: scannedFacts };

  it('skips a file replaced since the scan, and writes nothing of it', async () => {
    // Another patient's export landed on the planned file's path after the scan.
    writeFileSync(join(setup.inputRoot, 'a.dcm'), patientFile('ZIELINSKI^MAREK', 'PL99999999', 'Zielinski Marek'));
    const processOne = await createFileProcessor(setup);
    const result = await processOne(task);
    assert.equal(result.outcome, 'skipped');
    assert.match(result.reason ?? '', /^changed since the scan/);
    assert.doesNotMatch(result.reason ?? '', /zielinski|marek/i);
    assert.equal(existsSync(join(setup.output, task.out)), false);
    assert.deepEqual(readdirSync(setup.tempDir, { recursive: true }).filter((name) => String(name).endsWith('.part')), []);
  });

  it('writes the very file the scan read', async () => {
    writeFileSync(join(setup.inputRoot, 'a.dcm'), planned);
    const processOne = await createFileProcessor(setup);
    const result = await processOne(task);
    assert.equal(result.outcome, 'anonymized', result.reason);
    assert.equal(existsSync(join(setup.output, task.out)), true);
  });
});
