import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { SYSTEM_PYTHON } from '../../../test/support/checkers.ts';
import { decodeSingleByte, isWellFormedUtf8, legacyNameReading, otherReadings, pathReadings } from './name-readings.ts';

/** Bytes 0x80–0xFF through Python's codec of that name: an independent decoder. */
function python(codec: string): string | undefined {
  const script = `import sys; sys.stdout.buffer.write(bytes(range(128, 256)).decode('${codec}', 'replace').encode('utf-8'))`;
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

/** `text` in Python's codec of that name, as Latin-1 text of its bytes: an independent encoder. */
function pythonEncode(text: string, codec: string): string {
  const script = `import sys; sys.stdout.buffer.write(sys.argv[1].encode('${codec}'))`;
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, text]);
  assert.equal(result.status, 0, String(result.stderr));
  return result.stdout.toString('latin1');
}

const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
const krLatin1 = Buffer.from('Kr\xf6nberger', 'latin1');

describe('readings of a name held as bytes', () => {
  it('reads Latin-1 bytes as CP437 and Windows-1252, and a text back to each bytes it may come from', () => {
    assert.equal(decodeSingleByte(krLatin1, 'cp437'), 'Kr÷nberger');
    assert.equal(decodeSingleByte(krLatin1, 'windows-1252'), 'Krönberger');
    // The text itself; its UTF-8 bytes as CP437 and Windows-1252; its CP437 byte (0x94) as
    // Windows-1252 and Latin-1; its Windows-1252 byte (0xF6) as CP437.
    // Then the readings of those bytes in the code pages beyond Western Europe.
    assert.deepEqual(pathReadings('Krönberger').slice(0, 6), ['Krönberger', 'Kr├╢nberger', 'KrÃ¶nberger', 'Kr”nberger', 'Kr\u0094nberger', 'Kr÷nberger']);
  });

  it('finds a name its writer\'s code page spells behind the CP437 or Windows-1252 reading of its bytes', () => {
    // What a Japanese, Chinese, Korean, Taiwanese, Russian, Greek, Polish or Norwegian Windows writes, read as a zip reader and a Linux copy read it.
    const cases: [string, string][] = [
      ['山田太郎', 'shift_jis'],
      ['王小明', 'gbk'],
      ['김민준', 'euc-kr'],
      ['陳大文', 'big5'],
      ['Иванов', 'cp866'],
      ['Иванов', 'cp1251'],
      ['Κωνσταντίνος', 'cp737'],
      ['Κωνσταντίνος', 'cp1253'],
      ['Łukasz Wróbel', 'cp852'],
      ['Łukasz Wróbel', 'cp1250'],
      ['Sørensen', 'cp850'],
      ['Şahin', 'cp857'],
      ['כהן', 'cp862'],
    ];
    for (const [name, codec] of cases) {
      const bytes = Buffer.from(pythonEncode(name, codec), 'latin1');
      for (const encoding of ['cp437', 'windows-1252'] as const) {
        const text = decodeSingleByte(bytes, encoding);
        if (encoding === 'windows-1252' && bytes.some((b) => [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b))) continue;
        assert.ok(otherReadings(text).some((r) => r.text === name), `${name} in ${codec} read as ${encoding}: ${text}`);
        assert.ok(pathReadings(`subj_A/${text}/1.dcm`).includes(`subj_A/${name}/1.dcm`), `${name} in ${codec}, a path read as ${encoding}`);
      }
    }
  });

  it('maps each character of a double-byte reading onto the two characters its bytes were read as', () => {
    const text = decodeSingleByte(Buffer.from(pythonEncode('x山田', 'shift_jis'), 'latin1'), 'cp437');
    const reading = otherReadings(text).find((r) => r.text === 'x山田');
    assert.ok(reading);
    assert.deepEqual([reading.start[1], reading.end[1], reading.start[2], reading.end[2]], [1, 3, 3, 5]);
  });

  it('reads a C1 byte as Windows-1252 and as Latin-1: a letter in one, a boundary in the other', () => {
    const texts = otherReadings('ŠDU').map((r) => r.text);
    assert.ok(texts.includes('\u008aDU') && texts.includes('èDU'), texts.join(', '));
  });

  it('agrees with Python\'s cp437, cp1252 and latin-1 codecs on every byte past ASCII', { skip: python('ascii') === undefined }, () => {
    assert.equal(decodeSingleByte(high, 'cp437'), python('cp437'));
    assert.equal(decodeSingleByte(high, 'latin-1'), python('latin-1'));
    // Python leaves Windows-1252's five unassigned bytes undecoded; they are C1 controls here.
    const windows = [...decodeSingleByte(high, 'windows-1252')].map((c, i) => ([0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(0x80 + i) ? '\ufffd' : c)).join('');
    assert.equal(windows, python('cp1252'));
  });

  it('tells well-formed UTF-8 from bytes that only look like it', () => {
    assert.equal(isWellFormedUtf8(Buffer.from('Zoë 😀', 'utf8')), true);
    assert.equal(isWellFormedUtf8(krLatin1), false);
    assert.equal(isWellFormedUtf8(Buffer.from([0xc0, 0xaf])), false, 'an overlong /');
  });

  it('gives a name on disk that is not UTF-8 Windows-1252, or CP437 where Windows-1252 has no character', () => {
    assert.equal(legacyNameReading(krLatin1), 'Krönberger');
    assert.equal(legacyNameReading(Buffer.from([0x4d, 0x81, 0x6c, 0x6c, 0x65, 0x72])), 'Müller');
  });
});

describe('a text read again as the other readings of its bytes', () => {
  it('finds the Windows-1252 name behind a CP437 reading, and says where each character came from', () => {
    const readings = otherReadings('Kr÷nberger');
    const latin = readings.find((r) => r.text === 'Krönberger');
    assert.ok(latin, readings.map((r) => r.text).join(', '));
    assert.deepEqual([latin.start[2], latin.end[2]], [2, 3]);
  });

  it('finds the UTF-8 name behind its CP437 mojibake, each character spanning the units it was read as', () => {
    const readings = otherReadings('Kr├╢nberger');
    const utf8 = readings.find((r) => r.text === 'Krönberger');
    assert.ok(utf8, readings.map((r) => r.text).join(', '));
    assert.deepEqual([utf8.start[2], utf8.end[2], utf8.start[3]], [2, 4, 4]);
  });

  it('has none for plain ASCII, and never gives the text itself', () => {
    assert.deepEqual(otherReadings('subj_7KQ3M9XA/IM0001.dcm'), []);
    for (const text of ['Krönberger', 'Kr÷nberger', 'Zoë 😀']) assert.ok(otherReadings(text).every((r) => r.text !== text));
  });

  it('reads each segment of a path on its own: one that cannot be encoded back stands as it is', () => {
    const readings = pathReadings('subj_A/Kr÷nberger/😀 é.dcm');
    assert.equal(readings[0], 'subj_A/Kr÷nberger/😀 é.dcm');
    assert.ok(readings.includes('subj_A/Krönberger/😀 é.dcm'), readings.join('\n'));
    assert.deepEqual(pathReadings('subj_A/IM1.dcm'), ['subj_A/IM1.dcm']);
  });
});
