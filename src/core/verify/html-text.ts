/**
 * HTML text as a browser shows it: report.html escapes `& < > " '` as character references, so
 * `O&#39;DAY` reads O'DAY. The second opinion searches the page with them undone too.
 */

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * `text` with numeric character references and the common named ones undone; anything else is
 * kept as it is, so a window cut inside one still reads.
 * @example htmlUnescaped('O&#39;DAY &amp; co') === "O'DAY & co"
 */
export function htmlUnescaped(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-z]{2,4});/g, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
