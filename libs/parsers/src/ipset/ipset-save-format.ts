import type { Ipset, ParseIssue } from '@hookpath/model';
import { issueAt } from '../issue';
import { tokenizeIpsetLine } from './ipset-tokens';
import { buildSet, type SetUnderConstruction } from './set-header';
import { parseMember } from './set-member';

/**
 * `ipset save`: `create NAME TYPE [options]` lines, each followed by the set's `add NAME ELEMENT
 * [options]` lines. Blank lines are tolerated.
 */
export function parseIpsetSave(lines: readonly string[], file: string, errors: ParseIssue[]): Ipset[] {
  const sets = new Map<string, SetUnderConstruction>();
  lines.forEach((line, index) => {
    const report = (column: number, message: string) => errors.push(issueAt(file, lines, index, column, message));
    if (line.trim() === '') return;
    const tokenized = tokenizeIpsetLine(line);
    if (!tokenized.ok) {
      report(tokenized.column, tokenized.message);
      return;
    }
    const [command, name, ...rest] = tokenized.tokens;
    if (command.text !== 'create' && command.text !== 'add') {
      report(command.column, `expected "create" or "add", got ${JSON.stringify(command.text)}`);
      return;
    }
    if (name === undefined) {
      report(command.column + command.text.length, 'missing set name');
      return;
    }
    if (command.text === 'create') {
      const [type, ...options] = rest;
      if (type === undefined) {
        report(name.column + name.text.length, 'missing set type');
        return;
      }
      if (sets.has(name.text)) report(name.column, `set ${JSON.stringify(name.text)} is created twice`);
      sets.set(name.text, buildSet(name.text, type, options, index + 1, report, report));
      return;
    }
    const target = sets.get(name.text);
    if (target === undefined) {
      report(name.column, `element added to set ${JSON.stringify(name.text)} before its create line`);
      return;
    }
    if (rest.length === 0) {
      report(name.column + name.text.length, 'missing element');
      return;
    }
    const member = parseMember(rest, target, report);
    if (member !== undefined) target.set.members.push(member);
  });
  return [...sets.values()].map((s) => s.set);
}
