/**
 * The real charset sample files against pydicom: every text element, at any depth, in the
 * character set in effect there, decodes as pydicom decodes it; names replaced in place read
 * back in pydicom as the new text. pydicom also hands us the raw bytes of each element, so this
 * test depends on no other part of our codec.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { corpusEntries, corpusUnavailable } from '../../../test/support/corpus.ts';
import { decodeText, replaceText } from './charset.ts';
import { parseDicom } from './reader.ts';
import { bytesSource } from './source.ts';

interface TextElement {
  file: string;
  path: string;
  vr: string;
  charsets: string[];
  raw: string;
  values: string[];
}

const DUMP = `
import json, sys
import pydicom
TEXT_VRS = {'SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN'}
out = []
def walk(file, ds, charsets, path):
    if 0x00080005 in ds:
        value = ds[0x00080005].value
        charsets = [value] if isinstance(value, str) else list(value)
    for tag in list(ds.keys()):
        raw = ds.get_item(tag).value
        element = ds[tag]
        where = path + '(%04X,%04X)' % (tag.group, tag.elem)
        if element.VR == 'SQ':
            for i, item in enumerate(element.value):
                walk(file, item, charsets, where + '[%d].' % i)
        elif element.VR in TEXT_VRS and isinstance(raw, bytes) and raw:
            values = element.value if element.VM > 1 else [element.value]
            out.append({'file': file, 'path': where, 'vr': element.VR, 'charsets': charsets,
                        'raw': raw.hex(), 'values': [str(v) for v in values]})
for file in sys.argv[1:]:
    walk(file, pydicom.dcmread(file, force=True), [], '')
print(json.dumps(out, ensure_ascii=False))
`;

const READ_NAMES = `
import json, sys
from pydicom.charset import convert_encodings
from pydicom.valuerep import PersonName
print(json.dumps([str(PersonName(bytes.fromhex(raw), convert_encodings(charsets)))
                  for charsets, raw in json.loads(sys.argv[1])], ensure_ascii=False))
`;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const bytesOf = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const name = (file: string) => file.split('/').pop()!;

/** pydicom drops value padding and, in PN, empty trailing component groups. */
function asPydicomShows(text: string, vr: string): string[] {
  const values = vr === 'ST' || vr === 'LT' || vr === 'UT' ? [text] : text.split('\\');
  return values.map((value) => {
    const trimmed = value.replace(/[ \0]+$/, '');
    return vr === 'PN' ? trimmed.replace(/=+$/, '') : vr === 'ST' || vr === 'LT' || vr === 'UT' ? trimmed : trimmed.trim();
  });
}

/** Index of the first ^ or = byte that is not half of a JIS X 0208 character (ESC $ … ESC ( ). */
function firstDelimiter(raw: Uint8Array): number {
  let twoByte = false;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x1b) twoByte = raw[i + 1] === 0x24;
    else if (!twoByte && (raw[i] === 0x5e || raw[i] === 0x3d)) return i;
  }
  return -1;
}

const skip = corpusUnavailable() ?? pydicomUnavailable();
const files = skip ? [] : corpusEntries().filter((entry) => /charset_files\/chr\w+\.dcm$/.test(entry.path));
const elements: TextElement[] = files.length > 0 ? JSON.parse(pydicom(DUMP, files.map((entry) => entry.absolutePath))) : [];

describe('charset sample files decode as pydicom decodes them', { skip }, () => {
  test('the sample files are there', () => {
    const names = new Set(files.map((entry) => name(entry.path)));
    for (const file of ['chrH31', 'chrH32', 'chrI2', 'chrJapMulti', 'chrJapMultiExplicitIR6', 'chrKoreanMulti', 'chrSQEncoding', 'chrSQEncoding1', 'chrX1', 'chrX2', 'chrArab', 'chrFren', 'chrGerm', 'chrGreek', 'chrHbrw', 'chrRuss']) {
      assert.ok(names.has(`${file}.dcm`), file);
    }
    assert.ok(elements.length > 50);
  });

  for (const entry of files) {
    test(name(entry.path), () => {
      const mine = elements.filter((element) => element.file === entry.absolutePath);
      assert.ok(mine.length > 0);
      for (const element of mine) {
        const text = decodeText(bytesOf(element.raw), element.charsets, element.vr);
        assert.deepEqual(asPydicomShows(text, element.vr), element.values, `${element.path} ${element.vr} in ${element.charsets.join('\\')}`);
      }
    });
  }
});

describe('through the codec: each element in the character set in effect where it is', { skip }, () => {
  for (const entry of files) {
    test(name(entry.path), () => {
      const file = parseDicom(bytesSource(new Uint8Array(readFileSync(entry.absolutePath))));
      const ours = new Map<string, string[]>();
      for (const element of file.elements()) {
        if (!element.inMeta && !element.isSequence && !element.isBulk) ours.set(element.path, asPydicomShows(decodeText(element.value(), element.charsets, element.vr), element.vr));
      }
      for (const element of elements.filter((e) => e.file === entry.absolutePath)) {
        assert.deepEqual(ours.get(element.path), element.values, `${element.path} in ${element.charsets.join('\\')}`);
      }
    });
  }
});

describe('names replaced in place read back in pydicom', { skip }, () => {
  // Every person name in the samples, at any depth; each component group's family name
  // (the text before its first ^) is replaced, in ASCII, then in the group's own script.
  const names = elements.filter((element) => element.vr === 'PN' && /[^\s^=]/.test(element.values[0] ?? ''));
  const NATIVE: [RegExp, string][] = [
    [/[\u4e00-\u9fff]/, '佐藤'],
    [/[\u3040-\u309f]/, 'さとう'],
    [/[\uff61-\uff9f]/, 'ｻﾄｳ'],
    [/[\uac00-\ud7af]/, '김'],
    [/[\u0600-\u06ff]/, 'سعيد'],
    [/[\u0590-\u05ff]/, 'כהן'],
    [/[\u0370-\u03ff]/, 'Παππάς'],
    [/[\u0400-\u04ff]/, 'Иванов'],
    [/[À-ÿ]/, 'Gérard'],
  ];

  function familySpans(text: string, native: boolean) {
    const spans: { start: number; end: number; text: string }[] = [];
    let start = 0;
    text.split('=').forEach((group, index) => {
      const family = group.split('^')[0]!.replace(/ +$/, '');
      const script = NATIVE.find(([pattern]) => pattern.test(family));
      if (family) spans.push({ start, end: start + family.length, text: native && script ? script[1] : `ID000${index + 1}` });
      start += group.length + 1;
    });
    return spans;
  }

  test('in ASCII and in each script, with every other byte of the value kept', () => {
    assert.ok(names.length >= 15);
    const jobs: [string[], string][] = [];
    const expected: string[] = [];
    for (const element of names) {
      const raw = bytesOf(element.raw);
      const text = decodeText(raw, element.charsets, 'PN');
      for (const native of [false, true]) {
        const spans = familySpans(text, native);
        const out = replaceText(raw, element.charsets, 'PN', spans);
        let want = text;
        for (const span of [...spans].reverse()) want = want.slice(0, span.start) + span.text + want.slice(span.end);
        jobs.push([element.charsets, hex(out)]);
        expected.push(`${name(element.file)} ${element.path}: ${asPydicomShows(want, 'PN').join('\\')}`);
        const delimiter = firstDelimiter(raw);
        if (!native && delimiter > 0) {
          // The first family name alone: every byte from the delimiter after it on is kept.
          const one = replaceText(raw, element.charsets, 'PN', spans.slice(0, 1));
          assert.equal(hex(one.subarray(one.length - (raw.length - delimiter))), hex(raw.subarray(delimiter)), `${name(element.file)} ${element.path}`);
        }
      }
    }
    const read = JSON.parse(pydicom(READ_NAMES, [JSON.stringify(jobs)])) as string[];
    assert.deepEqual(
      read.map((text, i) => `${expected[i]!.split(': ')[0]}: ${asPydicomShows(text, 'PN').join('\\')}`),
      expected,
    );
  });
});
