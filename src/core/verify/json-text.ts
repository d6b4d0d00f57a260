/**
 * JSON text as its readers see it. A JSON writer may escape any character (`\u004d` is `M`), so a
 * name in report.json need not stand in its bytes: the second opinion also searches the text with
 * its escapes undone, as any JSON reader, and the page drawn from it, would show it.
 */

const SIMPLE: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * `text` with every JSON escape undone (`\uXXXX`, surrogate pairs included, and the one-letter
 * ones); anything that is no escape is kept as it is, so a window cut inside one still reads.
 * @example jsonUnescaped('"\\u004dcAllister"') === '"McAllister"'
 */
export function jsonUnescaped(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (whole, body: string) => (body.length === 5 ? String.fromCharCode(Number.parseInt(body.slice(1), 16)) : (SIMPLE[body] ?? whole)));
}
