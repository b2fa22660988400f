/** A word of a conntrack line with its 1-based column. */
export interface CtToken {
  text: string;
  column: number;
}

/**
 * Splits a conntrack line on blanks, keeping bracketed flags whole: the timestamps printed by
 * `-o ktimestamp` (`[start=Mon Jan  1 10:00:00 2024]`) contain blanks.
 */
export function tokenizeConntrackLine(line: string): CtToken[] {
  const tokens: CtToken[] = [];
  const re = /\[[^\]]*\]|\S+/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line)) !== null) tokens.push({ text: match[0], column: match.index + 1 });
  return tokens;
}
