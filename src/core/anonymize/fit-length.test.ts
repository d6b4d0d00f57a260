import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replaceText } from '../dicom/charset.ts';
import { fitSpans, type TextSpan } from './fit-length.ts';

/** The text after the spans, as `replaceText` writes it for a default-repertoire value. */
function apply(text: string, spans: readonly TextSpan[], vr: string): string {
  return new TextDecoder('latin1').decode(replaceText(new TextEncoder().encode(text), [], vr, spans));
}

function nameAt(text: string, name: string, id = 'subj_K3M9QW2P'): TextSpan {
  const start = text.indexOf(name);
  return { start, end: start + name.length, text: id };
}

describe('fitSpans', () => {
  it('leaves a value that fits as it is', () => {
    const text = 'CT for LI';
    const fitted = fitSpans(text, [nameAt(text, 'LI')], 'LO');
    assert.equal(fitted.shortened, false);
    assert.equal(apply(text, fitted.spans, 'LO'), 'CT for subj_K3M9QW2P');
  });

  it('shortens the kept text of an SH value from its end, keeping the id whole', () => {
    const text = 'LI brain MRI';
    const fitted = fitSpans(text, [nameAt(text, 'LI')], 'SH');
    const out = apply(text, fitted.spans, 'SH');
    assert.equal(fitted.shortened, true);
    assert.equal(out, 'subj_K3M9QW2P br');
    assert.equal(out.length, 16);
  });

  it('fits each value of a multi-valued element on its own', () => {
    const text = 'AXIAL\\LI HEAD SCAN\\DERIVED';
    const fitted = fitSpans(text, [nameAt(text, 'LI')], 'CS');
    const values = apply(text, fitted.spans, 'CS').split('\\');
    assert.deepEqual(values.map((v) => v.length <= 16), [true, true, true]);
    assert.deepEqual([values[0], values[2]], ['AXIAL', 'DERIVED']);
    assert.ok(values[1]!.startsWith('subj_K3M9QW2P'));
  });

  it('fits an LO to 64 characters: the text after the id goes first, then the end of the text before it', () => {
    const text = `${'x'.repeat(55)} for LI, follow-up`;
    const out = apply(text, fitSpans(text, [nameAt(text, 'LI')], 'LO').spans, 'LO');
    assert.equal(out, `${'x'.repeat(51)}subj_K3M9QW2P`);
  });

  it('never limits unlimited VRs, and keeps a backslash in LT as text', () => {
    const long = `${'y'.repeat(20000)} LI`;
    assert.equal(fitSpans(long, [nameAt(long, 'LI')], 'UT').shortened, false);
    const lt = `${'z'.repeat(10230)}\\LI`;
    const fitted = fitSpans(lt, [nameAt(lt, 'LI')], 'LT');
    assert.equal(apply(lt, fitted.spans, 'LT').length, 10240);
  });

  it('fits each PN component group to 64 characters', () => {
    const text = `LI^${'W'.repeat(58)}=LI^Wei`;
    const spans = [nameAt(text, 'LI'), { start: text.lastIndexOf('LI'), end: text.lastIndexOf('LI') + 2, text: 'subj_K3M9QW2P' }];
    const groups = apply(text, fitSpans(text, spans, 'PN').spans, 'PN').split('=');
    assert.equal(groups[0]!.length, 64);
    assert.equal(groups[1], 'subj_K3M9QW2P^Wei');
  });
});
