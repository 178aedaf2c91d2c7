const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The index after the string that starts at `at` (a `"`), or the offset of its first error as `-1 - offset`. */
function scanString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1 - i;
    if (c === 0x5c) {
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) return -1 - i;
      i = ESCAPE.lastIndex;
    } else i++;
  }
  return -1 - i;
}

/**
 * Where JSON text first goes wrong (RFC 8259), as an offset into `text`; undefined when it is valid
 * JSON. Pure, iterative (nesting depth costs no stack). Used to say where a policy is broken
 * without quoting it, as `JSON.parse`'s own messages do.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const closers: string[] = [];
  let state: 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'after' = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    const c = text[i];
    if (state === 'after' && closers.length === 0) return c === undefined ? undefined : i;
    if (c === undefined) return i;
    switch (state) {
      case 'value-or-end':
      case 'key-or-end':
        if (c === closers.at(-1)) {
          closers.pop();
          i++;
          state = 'after';
        } else state = state === 'value-or-end' ? 'value' : 'key';
        break;
      case 'key': {
        if (c !== '"') return i;
        const end = scanString(text, i);
        if (end < 0) return -1 - end;
        i = end;
        state = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') return i;
        i++;
        state = 'value';
        break;
      case 'after':
        if (c === ',') {
          i++;
          state = closers.at(-1) === '}' ? 'key' : 'value';
        } else if (c === closers.at(-1)) {
          closers.pop();
          i++;
        } else return i;
        break;
      case 'value':
        if (c === '{' || c === '[') {
          closers.push(c === '{' ? '}' : ']');
          i++;
          state = c === '{' ? 'key-or-end' : 'value-or-end';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (end < 0) return -1 - end;
          i = end;
          state = 'after';
        } else {
          const pattern = c === '-' || (c >= '0' && c <= '9') ? NUMBER : LITERAL;
          pattern.lastIndex = i;
          if (!pattern.test(text)) return i;
          i = pattern.lastIndex;
          state = 'after';
        }
        break;
    }
  }
}

/**
 * Where JSON text first goes wrong, as `line L column C` (1-based, columns in UTF-16 units); undefined
 * when it is valid JSON. Pure. Names a place, never the text there.
 */
export function jsonErrorLocation(text: string): string | undefined {
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length} column ${before.at(-1)!.length + 1}`;
}
