import { jsonErrorOffset } from './json-error-offset';

/**
 * Text holding one or more JSON values one after another, as `ovsdb-client -f json dump` prints
 * them (one object per table, one per line, or spread over lines with --pretty).
 */
export interface JsonChunk {
  /** Offsets of the value in the text: [start, end). */
  start: number;
  end: number;
  value: unknown;
}

export interface JsonFailure {
  offset: number;
  message: string;
}

/** Where each top-level value ends: brackets are balanced outside strings. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** Splits and parses every top-level value; the first failure stops (what follows it is unknown). */
export function parseJsonValues(text: string): { chunks: JsonChunk[]; failure: JsonFailure | null } {
  const chunks: JsonChunk[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos++;
    if (pos >= text.length) return { chunks, failure: null };
    const ch = text[pos];
    if (ch !== '{' && ch !== '[')
      return { chunks, failure: { offset: pos, message: `expected a JSON object, found ${JSON.stringify(text.slice(pos, pos + 12))}` } };
    const end = valueEnd(text, pos);
    const source = text.slice(pos, end);
    try {
      chunks.push({ start: pos, end, value: JSON.parse(source) as unknown });
    } catch {
      const at = jsonErrorOffset(source);
      const found = source[at.offset];
      return {
        chunks,
        failure: {
          offset: pos + at.offset,
          message: `invalid JSON: expected ${at.expected}, found ${found === undefined ? 'the end of the file' : JSON.stringify(found)}`,
        },
      };
    }
    pos = end;
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}
