/**
 * One column value as `ovn-nbctl list` prints it (ovsdb data in its "bare" text form): an atom
 * (quoted string, bare word, number, boolean, UUID), a set `[a, b]` or a map `{k=v, ...}`.
 */
export type OvsdbValue =
  { kind: 'atom'; value: string } | { kind: 'set'; items: string[] } | { kind: 'map'; entries: Record<string, string> };

export interface ValueError {
  /** 0-based offset in the value text. */
  offset: number;
  message: string;
}

interface Cursor {
  text: string;
  pos: number;
}

const BARE_STOP = new Set([',', ']', '}', '=', ' ']);

/** Reads one atom at the cursor: a double-quoted string (C-style escapes) or a bare token. */
function readAtom(c: Cursor): string | ValueError {
  const start = c.pos;
  if (c.text[c.pos] === '"') {
    let out = '';
    c.pos++;
    while (c.pos < c.text.length) {
      const ch = c.text[c.pos] ?? '';
      if (ch === '"') {
        c.pos++;
        return out;
      }
      if (ch === '\\') {
        const next = c.text[c.pos + 1];
        if (next === undefined) break;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        c.pos += 2;
        continue;
      }
      out += ch;
      c.pos++;
    }
    return { offset: start, message: 'unterminated quoted string' };
  }
  while (c.pos < c.text.length && !BARE_STOP.has(c.text[c.pos] ?? '')) c.pos++;
  if (c.pos === start) return { offset: start, message: `expected a value, found ${JSON.stringify(c.text[c.pos] ?? 'end of line')}` };
  return c.text.slice(start, c.pos);
}

function skipSpaces(c: Cursor): void {
  while (c.text[c.pos] === ' ') c.pos++;
}

/** Reads `, ` separated items up to `close`; `item` reads one element. */
function readList(c: Cursor, close: string, item: (c: Cursor) => ValueError | null): ValueError | null {
  c.pos++;
  skipSpaces(c);
  if (c.text[c.pos] === close) {
    c.pos++;
    return null;
  }
  for (;;) {
    const error = item(c);
    if (error !== null) return error;
    skipSpaces(c);
    const ch = c.text[c.pos];
    if (ch === close) {
      c.pos++;
      return null;
    }
    if (ch !== ',') return { offset: c.pos, message: `expected "," or "${close}", found ${JSON.stringify(ch ?? 'end of line')}` };
    c.pos++;
    skipSpaces(c);
  }
}

/** Parses the text after `column : `. */
export function parseOvsdbValue(text: string): OvsdbValue | ValueError {
  const c: Cursor = { text, pos: 0 };
  let value: OvsdbValue;
  if (text.startsWith('[')) {
    const items: string[] = [];
    const error = readList(c, ']', (cur) => {
      const atom = readAtom(cur);
      if (typeof atom !== 'string') return atom;
      items.push(atom);
      return null;
    });
    if (error !== null) return error;
    value = { kind: 'set', items };
  } else if (text.startsWith('{')) {
    const entries: Record<string, string> = {};
    const error = readList(c, '}', (cur) => {
      const key = readAtom(cur);
      if (typeof key !== 'string') return key;
      if (cur.text[cur.pos] !== '=') return { offset: cur.pos, message: `expected "=" after map key ${JSON.stringify(key)}` };
      cur.pos++;
      const val = readAtom(cur);
      if (typeof val !== 'string') return val;
      entries[key] = val;
      return null;
    });
    if (error !== null) return error;
    value = { kind: 'map', entries };
  } else {
    const atom = text === '' ? { offset: 0, message: 'empty value' } : readAtom(c);
    if (typeof atom !== 'string') return atom;
    value = { kind: 'atom', value: atom };
  }
  skipSpaces(c);
  if (c.pos < text.length) return { offset: c.pos, message: `unexpected text after the value: ${JSON.stringify(text.slice(c.pos))}` };
  return value;
}

/** The value as a string: an atom itself, a one-element set's element; null for an empty set. */
export function atomOf(value: OvsdbValue | undefined): string | null {
  if (value === undefined) return null;
  if (value.kind === 'atom') return value.value;
  if (value.kind === 'set') return value.items[0] ?? null;
  return null;
}

export function itemsOf(value: OvsdbValue | undefined): string[] {
  if (value === undefined) return [];
  if (value.kind === 'set') return value.items;
  if (value.kind === 'atom') return [value.value];
  return [];
}

export function mapOf(value: OvsdbValue | undefined): Record<string, string> {
  return value?.kind === 'map' ? value.entries : {};
}
