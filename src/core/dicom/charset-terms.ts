/**
 * Specific Character Set (0008,0005) terms → how text is coded (PS3.3 C.12.1.1.2, PS3.5 §6.1).
 * Real files spell terms loosely (`ISO-IR 100`, `iso_ir 100`, `ISO_IR100`, a trailing space),
 * so terms are compared after dropping case, spaces, `_` and `-`.
 */

/** One code element of ISO 2022: a graphic set designated into G0 or G1 by an escape sequence. */
export interface CodeElement {
  readonly id: CodeElementId;
  /** G0 sets use bytes 0x21–0x7E (GL), G1 sets 0xA0–0xFF (GR). */
  readonly plane: 'G0' | 'G1';
  readonly bytesPerChar: 1 | 2;
  /** The escape sequence that designates it, ESC included. */
  readonly escape: readonly number[];
  /** Term that declares it, for messages. */
  readonly term: string;
}

export type CodeElementId =
  | 'ascii'
  | 'jis-roman'
  | 'jis-katakana'
  | 'jisx0208'
  | 'jisx0212'
  | 'ksx1001'
  | 'gb2312'
  | SingleByteLabel;

/** TextDecoder labels of the 8-bit sets whose upper half is a G1 set. */
export type SingleByteLabel =
  | 'latin1'
  | 'iso-8859-2'
  | 'iso-8859-3'
  | 'iso-8859-4'
  | 'iso-8859-5'
  | 'iso-8859-6'
  | 'iso-8859-7'
  | 'iso-8859-8'
  | 'iso-8859-9'
  | 'iso-8859-15'
  | 'tis-620';

/** How a value is coded, resolved from the charset terms in effect. */
export type CharsetSpec =
  /** No term, or only ISO_IR 6: ASCII; other bytes are read as UTF-8 when valid, else Latin-1. */
  | { readonly kind: 'default'; readonly name: string }
  /** One 8-bit set, no code extensions (ISO_IR 100, ISO_IR 144…). */
  | { readonly kind: 'single'; readonly name: string; readonly label: SingleByteLabel }
  /** ISO_IR 13 alone: JIS X 0201; read as Shift_JIS, as scanners that mislabel it write it. */
  | { readonly kind: 'shift-jis'; readonly name: string }
  | { readonly kind: 'utf-8'; readonly name: string }
  | { readonly kind: 'gb18030' | 'gbk'; readonly name: string }
  /** Code extensions: escape sequences switch between the declared code elements. */
  | {
      readonly kind: 'iso2022';
      readonly name: string;
      readonly initialG0: CodeElement;
      readonly initialG1: CodeElement | undefined;
      /** How bytes 0xA0–0xFF read while no G1 set is designated (writers that omit ESC $ ) C). */
      readonly fallbackG1: CodeElement | undefined;
      /** Every declared element, value 1 first: the encoder picks from these, in this order. */
      readonly elements: readonly CodeElement[];
    };

const ESC = 0x1b;
const esc = (text: string) => [ESC, ...Array.from(text, (char) => char.charCodeAt(0))];

function element(id: CodeElementId, plane: 'G0' | 'G1', bytesPerChar: 1 | 2, final: string, term: string): CodeElement {
  return { id, plane, bytesPerChar, escape: esc(final), term };
}

/** The ASCII G0 set every single-byte extension term also declares (PS3.3 Table C.12-3). */
const ASCII = element('ascii', 'G0', 1, '(B', 'ISO 2022 IR 6');

const SINGLE_BYTE: Record<string, [SingleByteLabel, string]> = {
  '100': ['latin1', '-A'],
  '101': ['iso-8859-2', '-B'],
  '109': ['iso-8859-3', '-C'],
  '110': ['iso-8859-4', '-D'],
  '144': ['iso-8859-5', '-L'],
  '127': ['iso-8859-6', '-G'],
  '126': ['iso-8859-7', '-F'],
  '138': ['iso-8859-8', '-H'],
  '148': ['iso-8859-9', '-M'],
  '203': ['iso-8859-15', '-b'],
  '166': ['tis-620', '-T'],
};

/** Terms of Table C.12-4, the multi-byte code elements (only with code extensions). */
const MULTI_BYTE: Record<string, () => CodeElement> = {
  '87': () => element('jisx0208', 'G0', 2, '$B', 'ISO 2022 IR 87'),
  '159': () => element('jisx0212', 'G0', 2, '$(D', 'ISO 2022 IR 159'),
  '149': () => element('ksx1001', 'G1', 2, '$)C', 'ISO 2022 IR 149'),
  '58': () => element('gb2312', 'G1', 2, '$)A', 'ISO 2022 IR 58'),
};

/** Spellings of ISO 8859 parts that some writers use instead of the defined terms. */
const ISO8859_PART: Record<string, string> = { '1': '100', '2': '101', '3': '109', '4': '110', '5': '144', '6': '127', '7': '126', '8': '138', '9': '148', '15': '203', '11': '166' };

const squash = (term: string) => term.toUpperCase().replace(/[\s\0_-]/g, '');

type TermMeaning =
  | { kind: 'default' }
  | { kind: 'stand-alone'; spec: 'utf-8' | 'gb18030' | 'gbk' }
  | { kind: 'ir'; number: string }
  | { kind: 'unknown' };

function meaning(term: string): TermMeaning {
  const t = squash(term);
  if (t === '' || t === 'ISOIR6' || t === 'ISO2022IR6' || t === 'ASCII') return { kind: 'default' };
  if (t === 'ISOIR192' || t === 'UTF8') return { kind: 'stand-alone', spec: 'utf-8' };
  if (t === 'GB18030') return { kind: 'stand-alone', spec: 'gb18030' };
  if (t === 'GBK' || t === 'ISO2022GBK') return { kind: 'stand-alone', spec: 'gbk' };
  if (t === 'ISO202258') return { kind: 'ir', number: '58' };
  const ir = /^ISO(?:2022)?IR(\d+)$/.exec(t);
  if (ir) return { kind: 'ir', number: ir[1]! };
  const part = /^ISO8859(\d+)$/.exec(t);
  if (part && ISO8859_PART[part[1]!]) return { kind: 'ir', number: ISO8859_PART[part[1]!]! };
  return { kind: 'unknown' };
}

/** The G0 and G1 elements a term declares (undefined for unknown or stand-alone terms). */
function elementsOf(term: string): { g0?: CodeElement; g1?: CodeElement } | undefined {
  const m = meaning(term);
  if (m.kind === 'default') return { g0: ASCII };
  if (m.kind !== 'ir') return undefined;
  if (m.number === '13') {
    return { g0: element('jis-roman', 'G0', 1, '(J', term), g1: element('jis-katakana', 'G1', 1, ')I', term) };
  }
  const single = SINGLE_BYTE[m.number];
  if (single) return { g0: ASCII, g1: element(single[0], 'G1', 1, single[1], term) };
  const multi = MULTI_BYTE[m.number];
  if (!multi) return undefined;
  const made = multi();
  return made.plane === 'G0' ? { g0: made } : { g1: made };
}

/** Whether a term names a character set dicomveil knows (spelling variants included). */
export function isKnownCharsetTerm(term: string): boolean {
  const m = meaning(term);
  return m.kind === 'default' || m.kind === 'stand-alone' || (m.kind === 'ir' && elementsOf(term) !== undefined);
}

/**
 * Resolves the values of Specific Character Set. Unknown terms are skipped (they cannot be
 * honoured, and the default repertoire still reads the ASCII part); callers that must report
 * them use {@link isKnownCharsetTerm}.
 */
export function resolveCharsets(charsets: readonly string[]): CharsetSpec {
  const name = charsets.join('\\');
  const first = charsets.length > 0 ? meaning(charsets[0]!) : ({ kind: 'default' } as const);
  // UTF-8, GB18030 and GBK allow no code extensions: later values are ignored (PS3.5 §6.1.2.5.4).
  if (first.kind === 'stand-alone') return { kind: first.spec, name };
  const explicit2022 = charsets.some((term) => /2022/.test(term));
  if (charsets.length <= 1 && !explicit2022) {
    if (first.kind === 'ir' && first.number === '13') return { kind: 'shift-jis', name };
    const single = first.kind === 'ir' ? SINGLE_BYTE[first.number] : undefined;
    if (single) return { kind: 'single', name, label: single[0] };
    if (first.kind !== 'ir' || !MULTI_BYTE[first.number]) return { kind: 'default', name };
  }
  const elements: CodeElement[] = [];
  for (const term of charsets) {
    const declared = elementsOf(term);
    if (declared?.g0) elements.push(declared.g0);
    if (declared?.g1) elements.push(declared.g1);
  }
  const firstDeclared = charsets.length > 0 ? elementsOf(charsets[0]!) : undefined;
  // Value 1 is what is active at the start of each value and after each delimiter. Multi-byte
  // sets as value 1 are not allowed: ASCII starts, and a Korean or Chinese G1 set is written
  // with its escape sequence each time, but GR bytes with no escape before them still read in
  // it (or in the first such set declared), as many writers leave the escape out.
  const initialG0 = firstDeclared?.g0?.bytesPerChar === 1 ? firstDeclared.g0 : ASCII;
  const initialG1 = firstDeclared?.g1?.bytesPerChar === 1 ? firstDeclared.g1 : undefined;
  const fallbackG1 = initialG1 ?? elements.find((e) => e.plane === 'G1' && e.bytesPerChar === 2);
  if (!elements.some((e) => e.id === initialG0.id)) elements.unshift(initialG0);
  return { kind: 'iso2022', name, initialG0, initialG1, fallbackG1, elements };
}

/** Every code element that an escape sequence in a value may designate, declared or not. */
export function allCodeElements(): readonly CodeElement[] {
  const all: CodeElement[] = [ASCII];
  for (const term of ['ISO 2022 IR 13', ...Object.keys(SINGLE_BYTE).map((n) => `ISO 2022 IR ${n}`), ...Object.keys(MULTI_BYTE).map((n) => `ISO 2022 IR ${n}`)]) {
    const declared = elementsOf(term);
    if (declared?.g0 && declared.g0.id !== 'ascii') all.push(declared.g0);
    if (declared?.g1) all.push(declared.g1);
  }
  return all;
}
