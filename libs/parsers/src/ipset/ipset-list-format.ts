import type { Ipset, ParseIssue } from '@hookpath/model';
import { issueAt } from '../issue';
import { tokenizeIpsetLine, type IpsetToken } from './ipset-tokens';
import { buildSet, type SetUnderConstruction } from './set-header';
import { parseMember } from './set-member';

/** Header lines of one set in `ipset list`; only Name, Type and Header carry what the model needs. */
const INFO_KEYS = new Set(['Revision', 'Size in memory', 'References', 'Number of entries']);

interface Block {
  nameLine: number;
  name: string;
  type?: { token: IpsetToken; line: number };
  header?: { tokens: IpsetToken[]; line: number };
  /** undefined until built; null when the block cannot make a set. */
  built?: SetUnderConstruction | null;
  inMembers: boolean;
}

/**
 * `ipset list`: one block per set (`Name:`, `Type:`, `Revision:`, `Header:`, `Size in memory:`,
 * `References:`, `Number of entries:`, `Members:` then one element per line), blocks separated by a
 * blank line. `ipset list -t` prints the same blocks without the `Members:` part.
 */
export function parseIpsetList(lines: readonly string[], file: string, errors: ParseIssue[]): Ipset[] {
  const sets: Ipset[] = [];
  let block: Block | undefined;

  const finish = () => {
    if (block !== undefined) {
      const set = ensureBuilt(block, lines, file, errors);
      if (set !== null) sets.push(set.set);
    }
    block = undefined;
  };

  lines.forEach((line, index) => {
    const report = (column: number, message: string) => errors.push(issueAt(file, lines, index, column, message));
    if (line.trim() === '') {
      finish();
      return;
    }
    if (block?.inMembers) {
      const target = ensureBuilt(block, lines, file, errors);
      const tokenized = tokenizeIpsetLine(line);
      if (!tokenized.ok) report(tokenized.column, tokenized.message);
      else if (target !== null) {
        const member = parseMember(tokenized.tokens, target, report);
        if (member !== undefined) target.set.members.push(member);
      }
      return;
    }
    const field = /^([A-Za-z][A-Za-z ]*):(?:\s(.*))?$/.exec(line);
    if (!field) {
      report(1, block === undefined ? 'expected "Name: <set>"' : 'expected "<Field>: <value>" in the set header');
      return;
    }
    const key = field[1];
    const value = field[2] ?? '';
    const valueColumn = key.length + 3;
    if (key === 'Name') {
      finish();
      if (value.trim() === '') report(valueColumn, 'missing set name');
      block = { nameLine: index, name: value.trim(), inMembers: false };
      return;
    }
    if (block === undefined) {
      report(1, 'expected "Name: <set>"');
      return;
    }
    const tokenized = tokenizeIpsetLine(value);
    if (!tokenized.ok) {
      report(valueColumn + tokenized.column - 1, tokenized.message);
      return;
    }
    const tokens = tokenized.tokens.map((t) => ({ ...t, column: t.column + valueColumn - 1 }));
    if (key === 'Type') {
      if (tokens.length !== 1) report(valueColumn, 'expected one set type');
      else block.type = { token: tokens[0], line: index };
    } else if (key === 'Header') {
      block.header = { tokens, line: index };
    } else if (key === 'Members') {
      if (value.trim() !== '') report(valueColumn, 'unexpected text after "Members:"');
      block.inMembers = true;
    } else if (!INFO_KEYS.has(key)) {
      report(1, `unknown set header field ${JSON.stringify(key)}`);
    }
  });
  finish();
  return sets;
}

/** Builds the set of a block once its Type (and Header, if any) have been read; null if it cannot be. */
function ensureBuilt(block: Block, lines: readonly string[], file: string, errors: ParseIssue[]): SetUnderConstruction | null {
  if (block.built !== undefined) return block.built;
  const type = block.type;
  if (type === undefined) {
    errors.push(issueAt(file, lines, block.nameLine, 1, `set ${JSON.stringify(block.name)} has no "Type:" line`));
    block.built = null;
    return null;
  }
  const reportAt = (lineIndex: number) => (column: number, message: string) =>
    errors.push(issueAt(file, lines, lineIndex, column, message));
  const options = block.header?.tokens ?? [];
  block.built = buildSet(
    block.name,
    type.token,
    options,
    block.nameLine + 1,
    reportAt(type.line),
    reportAt(block.header?.line ?? type.line),
  );
  return block.built;
}
