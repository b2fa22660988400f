import type { IpRule, ParseIssue, ParseResult } from '@hookpath/model';
import { LineContext, tokenize } from '../ip-common';
import { splitLines } from '../issue';
import { parseRuleLine } from './rule-text-line';
import { shapeRule } from './rule-shape';

/** `ip rule show` (IPv4 by default; `ip -6 rule show` prints the same layout). */
export function parseIpRuleText(content: string, file: string): ParseResult<IpRule[]> {
  const lines = splitLines(content);
  const errors: ParseIssue[] = [];
  const rules: IpRule[] = [];
  lines.forEach((line, index) => {
    const tokens = tokenize(line);
    if (tokens.length === 0) return;
    const rule = parseRuleLine(new LineContext(file, lines, index, errors), tokens);
    if (rule !== null) rules.push(shapeRule(rule));
  });
  return { value: rules, errors };
}
