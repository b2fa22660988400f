import { sharedFlag } from './rule-flags';
import { BACKSLASH, BANG, DASH, QUOTE, SPACE, TAB } from './char-codes';

/** How iptables' option parser sees a token. */
export const enum TokenKind {
  Value,
  Option,
  Bang,
}

/** Where a line could not be split into tokens: 1-based column and what is wrong. */
export interface TokenizeFailure {
  column: number;
  message: string;
}

/**
 * The tokens of one line, split the way iptables-restore splits a rule (`add_param_to_argv`):
 * blanks separate tokens; a double quote opens a quoted run in which `\x` stands for `x`; the
 * closing quote ends the token. Outside quotes a backslash is an ordinary character.
 *
 * The arrays are reused from line to line (`count` says how many entries are valid) so that a
 * file of 100k rules does not allocate one object per token.
 */
export class RuleTokens {
  count = 0;
  readonly values: string[] = [];
  /** 0-based offset of the token's first character (the opening quote for a quoted token). */
  readonly starts: number[] = [];
  /** 0-based offset just past the token's last character. */
  readonly ends: number[] = [];
  /** True when some part of the token was quoted: it is a value, never an option or `!`. */
  readonly quoted: boolean[] = [];
  /** Per token: VALUE, OPTION (`-x`, `--name`, unquoted) or BANG (an unquoted `!`). */
  readonly kinds: TokenKind[] = [];

  /** Splits `line` from offset `from`; returns the failure for an unterminated quote. */
  tokenize(line: string, from: number): TokenizeFailure | null {
    this.count = 0;
    const n = line.length;
    let i = from;
    while (i < n) {
      let c = line.charCodeAt(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      const start = i;
      let quoted = false;
      let value = '';
      let segment = i;
      while (i < n) {
        c = line.charCodeAt(i);
        if (c === SPACE || c === TAB) break;
        if (c !== QUOTE) {
          i++;
          continue;
        }
        const open = i;
        value += line.slice(segment, i);
        quoted = true;
        i++;
        segment = i;
        for (;;) {
          if (i >= n) return { column: open + 1, message: 'unterminated double quote' };
          c = line.charCodeAt(i);
          if (c === BACKSLASH) {
            if (i + 1 >= n) return { column: open + 1, message: 'unterminated double quote' };
            value += line.slice(segment, i) + line[i + 1];
            i += 2;
            segment = i;
          } else if (c === QUOTE) {
            value += line.slice(segment, i);
            i++;
            segment = i;
            break;
          } else {
            i++;
          }
        }
        break;
      }
      if (quoted) this.push(value, start, i, true);
      else this.push((line.charCodeAt(start) === DASH && sharedFlag(line, start, i)) || line.slice(start, i), start, i, false);
    }
    return null;
  }

  /** An unquoted `!`. */
  isBang(index: number): boolean {
    return this.kinds[index] === TokenKind.Bang;
  }

  /** An unquoted token that iptables' option parser would read as an option (`-x`, `--name`) or `!`. */
  isOptionLike(index: number): boolean {
    return this.kinds[index] !== TokenKind.Value;
  }

  /** 1-based column of a token. */
  column(index: number): number {
    return (this.starts[index] as number) + 1;
  }

  private push(value: string, start: number, end: number, quoted: boolean): void {
    const k = this.count++;
    this.values[k] = value;
    this.starts[k] = start;
    this.ends[k] = end;
    this.quoted[k] = quoted;
    let kind = TokenKind.Value;
    if (!quoted) {
      const first = value.charCodeAt(0);
      if (first === DASH && value.length > 1) kind = TokenKind.Option;
      else if (first === BANG && value.length === 1) kind = TokenKind.Bang;
    }
    this.kinds[k] = kind;
  }
}
