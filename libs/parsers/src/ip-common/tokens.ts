/** A whitespace-separated word of a line and its 1-based column. */
export interface Token {
  text: string;
  column: number;
}

/** Splits a line on whitespace (spaces and tabs), remembering where each word starts. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line)) !== null) tokens.push({ text: match[0], column: match.index + 1 });
  return tokens;
}

/** Reads tokens in order; `next()` returns undefined past the end. */
export class TokenCursor {
  private index = 0;

  constructor(readonly tokens: readonly Token[]) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token | undefined {
    const token = this.tokens[this.index];
    if (token !== undefined) this.index += 1;
    return token;
  }

  /** Column just past the last token, for errors about a missing value at the end of the line. */
  get endColumn(): number {
    const last = this.tokens[this.tokens.length - 1];
    return last === undefined ? 1 : last.column + last.text.length;
  }
}

/** A non-negative decimal integer, or undefined. */
export function parseUnsigned(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** A decimal or `0x` hexadecimal unsigned integer (as `fwmark` prints), or undefined. */
export function parseUnsignedAnyBase(text: string): number | undefined {
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  return parseUnsigned(text);
}
