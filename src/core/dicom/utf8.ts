/**
 * The UTF-8 character at `at`, by the Encoding Standard's rules (no overlong forms, surrogates or
 * code points past U+10FFFF): its length in bytes when it is well formed; otherwise minus the
 * length of its maximal ill-formed subpart, which a decoder reads as one U+FFFD.
 */
export function utf8Run(bytes: Uint8Array, at: number): number {
  const b = bytes[at]!;
  if (b < 0x80) return 1;
  let needed: number;
  let lower = 0x80;
  let upper = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) needed = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    needed = 2;
    if (b === 0xe0) lower = 0xa0;
    if (b === 0xed) upper = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    needed = 3;
    if (b === 0xf0) lower = 0x90;
    if (b === 0xf4) upper = 0x8f;
  } else return -1;
  let seen = 0;
  while (seen < needed && at + 1 + seen < bytes.length) {
    const c = bytes[at + 1 + seen]!;
    if (c < lower || c > upper) break;
    lower = 0x80;
    upper = 0xbf;
    seen++;
  }
  return seen === needed ? needed + 1 : -(seen + 1);
}
