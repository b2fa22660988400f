/** A word of an ipset line; `quoted` when it was printed between double quotes (comments). */
export interface IpsetToken {
  text: string;
  column: number;
  quoted: boolean;
}

export type IpsetTokens = { ok: true; tokens: IpsetToken[] } | { ok: false; column: number; message: string };

/**
 * Splits an ipset line on blanks. ipset prints comments as `comment "text"`; the text may hold
 * blanks and never a double quote (ipset refuses those when the element is added).
 */
export function tokenizeIpsetLine(line: string): IpsetTokens {
  const tokens: IpsetToken[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t') {
      i += 1;
      continue;
    }
    if (ch === '"') {
      const close = line.indexOf('"', i + 1);
      if (close === -1) return { ok: false, column: i + 1, message: 'unterminated quoted string' };
      tokens.push({ text: line.slice(i + 1, close), column: i + 1, quoted: true });
      i = close + 1;
      continue;
    }
    const start = i;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i += 1;
    tokens.push({ text: line.slice(start, i), column: start + 1, quoted: false });
  }
  return { ok: true, tokens };
}
