import { type NumericConstant, readNumericConstant } from './ovn-match-constant';

/** Tokens of OVN's lexer (include/ovn/lex.h) that a match can contain. */
export type OvnMatchPunct =
  | '('
  | ')'
  | '{'
  | '}'
  | '['
  | ']'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '!'
  | '&&'
  | '||'
  | '..'
  | ','
  | ';'
  | '='
  | '<->'
  | '--'
  | ':'
  | '-';

export type OvnMatchToken = { start: number; end: number } & (
  | { type: 'end' }
  | { type: 'id'; text: string }
  | { type: 'string'; text: string }
  | { type: 'number'; constant: NumericConstant }
  | { type: 'addressSet'; text: string }
  | { type: 'portGroup'; text: string }
  | { type: 'template'; text: string }
  | { type: 'error'; message: string }
  | { type: OvnMatchPunct }
);

const PUNCTS: readonly OvnMatchPunct[] = [
  '<->',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '..',
  '--',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  '!',
  ',',
  ';',
  '=',
  ':',
  '-',
];

const isId1 = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_.]/.test(c);
const isIdN = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_.]/.test(c);

function idEnd(input: string, start: number): number {
  let p = start + 1;
  while (isIdN(input[p])) p++;
  return p;
}

/** Skips white space and `//` / `/* *\/` comments; returns the next position or a lexical error. */
function skipBlank(input: string, p: number): { p: number } | { p: number; error: string } {
  for (;;) {
    const c = input[p];
    if (c !== undefined && /[ \t\n\r\v\f]/.test(c)) {
      p++;
    } else if (c === '/' && input[p + 1] === '/') {
      while (p < input.length && input[p] !== '\n') p++;
    } else if (c === '/' && input[p + 1] === '*') {
      const close = input.indexOf('*/', p + 2);
      const newline = input.indexOf('\n', p + 2);
      if (close < 0 || (newline >= 0 && newline < close)) return { p, error: "`/*' without matching `*/'." };
      p = close + 2;
    } else {
      return { p };
    }
  }
}

function readString(input: string, start: number): OvnMatchToken {
  let p = start + 1;
  for (;;) {
    const c = input[p];
    if (c === undefined) return { type: 'error', message: 'Input ends inside quoted string.', start, end: p };
    if (c === '"') break;
    p += c === '\\' && p + 1 < input.length ? 2 : 1;
  }
  const end = p + 1;
  try {
    const text = JSON.parse(input.slice(start, end)) as string;
    return { type: 'string', text, start, end };
  } catch {
    return { type: 'error', message: `Invalid escape in quoted string ${input.slice(start, end)}.`, start, end };
  }
}

function readSigil(input: string, start: number, type: 'addressSet' | 'portGroup' | 'template'): OvnMatchToken {
  if (!isId1(input[start + 1])) {
    return { type: 'error', message: `\`${input[start] ?? ''}' must be followed by a valid identifier.`, start, end: start + 1 };
  }
  const end = idEnd(input, start + 1);
  return { type, text: input.slice(start + 1, end), start, end };
}

/** Reads the token at `pos` (after blanks and comments). */
export function lexOvnMatchToken(input: string, pos: number): OvnMatchToken {
  const blank = skipBlank(input, pos);
  const start = blank.p;
  if ('error' in blank) return { type: 'error', message: blank.error, start, end: input.length };
  const c = input[start];
  if (c === undefined) return { type: 'end', start, end: start };
  if (c === '"') return readString(input, start);
  if (c === '$') return readSigil(input, start, 'addressSet');
  if (c === '@') return readSigil(input, start, 'portGroup');
  if (c === '^') return readSigil(input, start, 'template');
  const numeric =
    /[0-9]/.test(c) || (c === ':' && input[start + 1] === ':') || (/[A-Fa-f]/.test(c) && /^[0-9A-Fa-f]*:/.test(input.slice(start)));
  if (numeric) {
    const r = readNumericConstant(input, start);
    return 'error' in r
      ? { type: 'error', message: r.error, start, end: r.end }
      : { type: 'number', constant: r.constant, start, end: r.end };
  }
  if (isId1(c) && c !== '.') {
    const end = idEnd(input, start);
    return { type: 'id', text: input.slice(start, end), start, end };
  }
  for (const p of PUNCTS) {
    if (input.startsWith(p, start)) return { type: p, start, end: start + p.length };
  }
  if (c === '.') return { type: 'error', message: "`.' is only valid as part of `..' or a number.", start, end: start + 1 };
  if (c === '/') return { type: 'error', message: "`/' is only valid as part of `//' or `/*'.", start, end: start + 1 };
  if (c === '&') return { type: 'error', message: "`&' is only valid as part of `&&'.", start, end: start + 1 };
  if (c === '|') return { type: 'error', message: "`|' is only valid as part of `||'.", start, end: start + 1 };
  return { type: 'error', message: `Invalid character \`${c}' in input.`, start, end: start + 1 };
}
