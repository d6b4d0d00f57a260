import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ascii, encodeDataset, part10 } from '../../../test/codec/dataset-builder.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { identityOf, readHeaderFacts } from './header-facts.ts';
import { seenDigest } from './seen-facts.ts';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const even = (text: string) => ascii(text.length % 2 ? `${text} ` : text);

/** A file with these header values; `description` makes it longer without touching its identity. */
function fileWith(values: { name: string; id: string; others?: string; description?: string }): Uint8Array {
  const elements = [
    ...(values.description === undefined ? [] : [{ tag: 0x00081030, vr: 'LO', value: even(values.description) }]),
    { tag: 0x00100010, vr: 'PN', value: even(values.name) },
    { tag: 0x00100020, vr: 'LO', value: even(values.id) },
    { tag: 0x00100030, vr: 'DA', value: ascii('19600101') },
    ...(values.others === undefined ? [] : [{ tag: 0x00101001, vr: 'PN', value: even(values.others) }]),
  ];
  return part10(EXPLICIT_LE, encodeDataset(elements, { explicitVr: true, littleEndian: true }));
}

/** What pass 1 records of the file (its listed size, its header facts). */
function scanned(bytes: Uint8Array): number {
  return seenDigest(bytes.length, readHeaderFacts(bytesSource(bytes)).identity);
}

/** What pass 2 works out from the bytes it read and parsed. */
function readNow(bytes: Uint8Array): number {
  const source = bytesSource(bytes);
  return seenDigest(source.size, identityOf(parseDicom(source)));
}

describe('what the scan saw of a file, compared with what is read when it is written', () => {
  const planned = fileWith({ name: 'DUPONT^Jean', id: 'FR11111111' });

  it('agrees for the very bytes the scan read, and holds no name', () => {
    assert.equal(readNow(planned), scanned(planned));
    assert.ok(Number.isInteger(scanned(planned)) && scanned(planned) >= 0 && scanned(planned) < 2 ** 30);
  });

  it('differs for a file replaced by another patient', () => {
    assert.notEqual(readNow(fileWith({ name: 'ZIELINSKI^Marek', id: 'PL99999999', description: 'Zielinski Marek' })), scanned(planned));
    assert.notEqual(readNow(fileWith({ name: 'ZIELINSKI^Marek', id: 'FR11111111' })), scanned(planned));
  });

  it('differs when only another name of the patient was added', () => {
    assert.notEqual(readNow(fileWith({ name: 'DUPONT^Jean', id: 'FR11111111', others: 'MARTIN^Jeanne' })), scanned(planned));
  });

  it('differs when the header identity is the same but the bytes are not as many', () => {
    const longer = fileWith({ name: 'DUPONT^Jean', id: 'FR11111111', description: 'Zielinski Marek' });
    assert.deepEqual(identityOf(parseDicom(bytesSource(longer))), identityOf(parseDicom(bytesSource(planned))));
    assert.notEqual(readNow(longer), scanned(planned));
  });
});
