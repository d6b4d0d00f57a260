/**
 * Reads a JSON object whose one member is a long array (report.json's `fileOutcomes`) from text
 * given in pieces: the array's items are handed out one by one as they end, and everything else
 * (the head: a few KB) is kept and parsed at the end with that member as `[]`. No piece, and no
 * item, needs the whole document as one string.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

export class JsonSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The head's text, the long array's items left out. */
  private head: string[] = [];
  /** A top-level key being read, and the last one read (set at its colon). */
  private keyText: string[] | undefined;
  private lastString = '';
  private currentKey: string | undefined;
  /** Inside the long array: its depth, and the item being read. */
  private arrayDepth = 0;
  private item: string[] | undefined;
  /** Set once the long array has begun (a reader wanting only what comes before may stop). */
  reachedItems = false;

  /** With `onlyBefore`, reading ends where the long array begins: see {@link before}. */
  constructor(
    private readonly key: string,
    private readonly onItem: (item: unknown) => void,
    private readonly onlyBefore = false,
  ) {}

  push(text: string): void {
    if (this.onlyBefore && this.reachedItems) return;
    let headFrom = this.arrayDepth === 0 ? 0 : -1;
    let itemFrom = this.item === undefined ? -1 : 0;
    let keyFrom = this.keyText === undefined ? -1 : 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) {
          this.inString = false;
          if (this.keyText !== undefined) {
            this.keyText.push(text.slice(keyFrom, i + 1));
            this.lastString = this.keyText.join('');
            this.keyText = undefined;
            keyFrom = -1;
          }
        }
        continue;
      }
      if (this.arrayDepth > 0 && this.depth === this.arrayDepth) {
        // Between or at the end of the long array's items.
        if (code === COMMA || code === CLOSE_BRACKET) {
          if (this.item !== undefined) {
            this.item.push(text.slice(itemFrom, i));
            this.onItem(JSON.parse(this.item.join('')));
            this.item = undefined;
            itemFrom = -1;
          }
          if (code === CLOSE_BRACKET) {
            this.depth -= 1;
            this.arrayDepth = 0;
            headFrom = i;
          }
          continue;
        }
        if (this.item === undefined && !isSpace(code)) {
          this.item = [];
          itemFrom = i;
        }
      }
      if (code === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.arrayDepth === 0) {
          this.keyText = [];
          keyFrom = i;
        }
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        this.depth += 1;
        if (code === OPEN_BRACKET && this.depth === 2 && this.arrayDepth === 0 && this.currentKey === this.key) {
          this.head.push(text.slice(headFrom, i + 1));
          headFrom = -1;
          this.arrayDepth = 2;
          this.reachedItems = true;
          if (this.onlyBefore) return;
        }
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        this.depth -= 1;
      } else if (code === COLON && this.depth === 1) {
        this.currentKey = JSON.parse(this.lastString) as string;
      }
    }
    if (headFrom >= 0) this.head.push(text.slice(headFrom));
    if (itemFrom >= 0) this.item?.push(text.slice(itemFrom));
    if (keyFrom >= 0) this.keyText?.push(text.slice(keyFrom));
  }

  /** The head, every member but the long array's items (it is `[]`); throws when the text is no JSON. */
  end(): Record<string, unknown> {
    return JSON.parse(this.head.join('')) as Record<string, unknown>;
  }

  /** With `onlyBefore`: the members before the long array (it as `[]`), or all when there is none. */
  before(): Record<string, unknown> {
    return this.reachedItems ? (JSON.parse(`${this.head.join('')}]}`) as Record<string, unknown>) : this.end();
  }
}
