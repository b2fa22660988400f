import type { IpvsService, ParseResult } from '@hookpath/model';
import { splitLines } from '../issue';
import { parseIpvsadmList } from './list-format';
import { parseIpvsadmRules } from './rule-format';

/**
 * Parses `ipvsadm -Ln` (or an excerpt of it) or `ipvsadm -Sn`; the rule format is told by its first
 * non-blank line starting with `-A` or `-a`.
 */
export function parseIpvsadm(content: string, file: string): ParseResult<IpvsService[]> {
  const lines = splitLines(content);
  const errors: ParseResult<IpvsService[]>['errors'] = [];
  const first = lines.find((line) => line.trim() !== '');
  if (first === undefined) return { value: [], errors };
  const value = /^-[Aa]\s/.test(first) ? parseIpvsadmRules(lines, file, errors) : parseIpvsadmList(lines, file, errors);
  return { value, errors };
}
