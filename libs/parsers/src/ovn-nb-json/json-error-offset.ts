/**
 * Where a JSON text stops being valid: the offset of the first character that cannot continue it
 * (the text's length when it ends too early). Used because JSON.parse does not always say where.
 */
export function jsonErrorOffset(text: string): { offset: number; expected: string } {
  let pos = 0;
  const fail = (expected: string): never => {
    throw { offset: pos, expected };
  };
  const space = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos] ?? '')) pos++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[pos] !== ch) fail(word);
      pos++;
    }
  };
  const string = (): void => {
    if (text[pos] !== '"') fail('a string');
    pos++;
    for (;;) {
      const ch = text[pos];
      if (ch === undefined || ch < ' ') fail('the end of the string');
      pos++;
      if (ch === '"') return;
      if (ch === '\\') {
        const esc = text[pos];
        if (esc === 'u') {
          pos++;
          for (let i = 0; i < 4; i++) {
            if (!/[0-9a-fA-F]/.test(text[pos] ?? '')) fail('a hex digit');
            pos++;
          }
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) pos++;
        else fail('an escape');
      }
    }
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (m === null) fail('a value');
    pos += m?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      space();
      if (text[pos] === '}') return void pos++;
      for (;;) {
        space();
        string();
        space();
        if (text[pos] !== ':') fail('":"');
        pos++;
        value();
        space();
        if (text[pos] === '}') return void pos++;
        if (text[pos] !== ',') fail('"," or "}"');
        pos++;
      }
    }
    if (ch === '[') {
      pos++;
      space();
      if (text[pos] === ']') return void pos++;
      for (;;) {
        value();
        space();
        if (text[pos] === ']') return void pos++;
        if (text[pos] !== ',') fail('"," or "]"');
        pos++;
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    number();
  };
  try {
    value();
    space();
    if (pos < text.length) fail('the end of the value');
    return { offset: pos, expected: '' };
  } catch (error) {
    return error as { offset: number; expected: string };
  }
}
