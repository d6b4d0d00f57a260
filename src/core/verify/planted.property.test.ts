import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { corpusEntries, corpusUnavailable } from '../../../test/support/corpus.ts';
import type { DicomElement } from '../dicom/model.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { DicomParseError } from '../errors.ts';
import { buildNeedles, secondOpinion } from './index.ts';

// Bulk data tags (pixel, overlay, waveform data, documents): copied verbatim at their standard
// places and compared byte for byte, never text-searched; the planted places leave them out.
const COPIED_BULK: ReadonlySet<number> = new Set([0x7fe00010, 0x7fe00008, 0x7fe00009, 0x54001010, 0x00420011, 0x60003000]);

const TEXT_VRS = new Set(['AE', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UR', 'UT']);

/** Corpus files that parse, not deflated (values are overwritten in place), at most 4 MB. */
function corpusFiles(): { path: string; bytes: Uint8Array; places: DicomElement[]; preamble: boolean }[] {
  const out = [];
  for (const entry of corpusEntries()) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(entry.absolutePath);
    } catch {
      continue;
    }
    if (bytes.length > 4 << 20) continue;
    try {
      const file = parseDicom(bytesSource(bytes));
      if (file.deflated) continue;
      // Values the contract says are searched whatever they hold: text VRs, private values, byte blobs.
      const places = [...file.elements()].filter(
        (e) => !e.isSequence && !COPIED_BULK.has(e.tag >>> 0) && !e.isEncapsulated && !e.inMeta && (TEXT_VRS.has(e.vr) || ((e.tag >>> 16) & 1) === 1 || e.vr === 'OB' || e.vr === 'UN') && e.valueLength >= 48,
      );
      out.push({ path: entry.path, bytes, places, preamble: file.hasPreamble });
    } catch (error) {
      if (!(error instanceof DicomParseError)) throw error;
    }
  }
  return out;
}

const letters = 'abcdefghijklmnopqrstuvwxyz';
const word = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...letters), minLength: min, maxLength: max });
const separators = fc.constantFrom('', ' ', '^', '_', '-', '..', ', ', '\\', ' / ', '~~~~~~~~');

type Encoding = 'latin-1' | 'utf-8' | 'utf-16le' | 'utf-16be';

function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'latin-1') return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[2 * i + (encoding === 'utf-16le' ? 0 : 1)] = code & 0xff;
    out[2 * i + (encoding === 'utf-16le' ? 1 : 0)] = code >> 8;
  }
  return out;
}

describe('the second opinion finds a planted name (property, real files)', () => {
  const skip = corpusUnavailable();
  const files = skip ? [] : corpusFiles();

  it('a name in a searched form and encoding, planted at a random searched place of a random corpus file, is always found', { skip }, () => {
    assert.ok(files.length > 10, `only ${files.length} usable corpus files`);
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        word(5, 9),
        word(4, 8),
        fc.constantFrom('family', 'full', 'reversed'),
        separators,
        fc.constantFrom<Encoding>('latin-1', 'utf-8', 'utf-16le', 'utf-16be'),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        (fileNumber, family, given, form, separator, encoding, accent, placeNumber, offsetSeed) => {
          const { path, bytes, places, preamble } = files[fileNumber]!;
          const needles = buildNeedles([{ id: 'subj_Q', spellings: [`${family.toUpperCase()}^${given}`], patientIds: [] }]);
          let written = form === 'family' ? family : form === 'full' ? `${family}${separator}${given}` : `${given}${separator}${family}`;
          written = written.toUpperCase();
          // An accent the folding removes: É for E, where there is one.
          if (accent) written = written.replace('E', 'É');
          const planted = encode(` ${written} `, encoding);
          const copy = bytes.slice();
          const candidates = places.filter((e) => e.valueLength >= planted.length);
          let expected: string;
          if (candidates.length > 0 && (placeNumber % 5 !== 0 || !preamble)) {
            const element = candidates[placeNumber % candidates.length]!;
            const at = element.valueOffset + (offsetSeed % (element.valueLength - planted.length + 1));
            copy.set(planted, at);
            expected = element.path;
          } else if (preamble && planted.length <= 128) {
            copy.set(planted, offsetSeed % (128 - planted.length + 1));
            expected = 'preamble';
          } else return;
          const { findings } = secondOpinion(copy, needles, {});
          const places_ = findings.filter((f) => f.patientId === 'subj_Q').map((f) => f.place);
          assert.ok(places_.includes(expected), `${path}: ${JSON.stringify(written)} (${encoding}) in ${expected} not found; found in ${JSON.stringify(places_)}`);
        },
      ),
      { numRuns: 400 },
    );
  });
});
