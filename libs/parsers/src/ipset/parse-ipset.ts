import type { Ipset, ParseResult } from '@hookpath/model';
import { issueAt, splitLines } from '../issue';
import { parseIpsetList } from './ipset-list-format';
import { parseIpsetSave } from './ipset-save-format';

/**
 * Parses `ipset save` or `ipset list` output (the format is told by the first non-blank line:
 * `create`/`add` or `Name:`). An empty file holds no sets.
 */
export function parseIpset(content: string, file: string): ParseResult<Ipset[]> {
  const lines = splitLines(content);
  const errors: ParseResult<Ipset[]>['errors'] = [];
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return { value: [], errors };
  const head = lines[first];
  if (/^(create|add)\s/.test(head)) return { value: parseIpsetSave(lines, file, errors), errors };
  if (head.startsWith('Name:')) return { value: parseIpsetList(lines, file, errors), errors };
  errors.push(issueAt(file, lines, first, 1, 'not `ipset save` (create/add lines) nor `ipset list` (Name: blocks) output'));
  return { value: [], errors };
}
