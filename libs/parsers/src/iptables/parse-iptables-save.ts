import type { Counters, IptablesRuleset, IptablesTable, IptablesTableName, ParseResult, StoredLines } from '@hookpath/model';
import { splitLines } from '../issue';
import { type Banner, parseBanner } from './banner';
import { parseBracketCounters } from './counters';
import { LazyChain, ruleStart } from './lazy-chain';
import { LineIssues } from './line-issues';
import { RuleLineReader, RuleLines } from './rule-line';
import { asPolicy, asTableName, TableBuilder } from './table-builder';
import { BANG, CR, DASH, HASH, OPEN_BRACKET, QUOTE, SPACE, STAR, TAB } from './char-codes';

export interface IptablesSaveOptions {
  /**
   * `eager` (default): every rule is in the model; `lazy`: rules are parsed when their chain's are
   * asked for; `unchecked`: as `lazy`, but a rule line is only read as far as its chain's name, so
   * a mistake later in the line is not reported (for files read in full before: a stored snapshot);
   * `tables`: the banner and the tables only, without their chains, and no errors (what is stored
   * of an upload's ruleset, whose lines another thread reads in full).
   */
  rules?: 'eager' | 'lazy' | 'unchecked' | 'tables';
  /**
   * The file's lines as stored, for `lazy` and `unchecked`: a chain's rules are then read from
   * them when asked for, and the ruleset does not hold the file's text.
   */
  storedLines?: StoredLines;
}

/** An open `*table` block: the table being built, or null while skipping a block that is in error. */
interface OpenBlock {
  builder: TableBuilder | null;
  name: string;
  lineIndex: number;
}

/**
 * Parses `iptables-save` / `iptables-save -c` output (either backend, any version's banner): the
 * `*table` blocks with their `:CHAIN POLICY [packets:bytes]` lines, `[packets:bytes] -A CHAIN ...`
 * rules and `COMMIT`. Comment lines (banners, `# Completed on`, `# Warning: iptables-legacy tables
 * present ...`) are skipped; the first banner gives the backend and version. An empty file has no
 * tables. Every problem becomes a ParseIssue; the rest of the file is still read.
 *
 * With `rules: 'lazy'` every line is read and checked alike (the same errors), but a chain keeps
 * only its rules' lines and parses them when they are asked for (see LazyChain): a one-shot trace
 * of a 100,000-rule file then holds the rules it visits, not every rule's matches.
 */
export function parseIptablesSave(content: string, file: string, options: IptablesSaveOptions = {}): ParseResult<IptablesRuleset> {
  const mode = options.rules ?? 'eager';
  if (mode === 'tables') return { value: tablesOf(content), errors: [] };
  const lines = splitLines(content);
  const ruleLines = mode === 'eager' ? null : new RuleLines(content, lines.length, file, options.storedLines);
  const issues = new LineIssues(file, lines);
  const reader = new RuleLineReader(issues);
  const tables: IptablesTable[] = [];
  let banner: Banner | null = null;
  const seen = new Map<IptablesTableName, number>();
  let block: OpenBlock | null = null;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    issues.lineIndex = index;
    let p = 0;
    while (p < line.length && (line.charCodeAt(p) === SPACE || line.charCodeAt(p) === TAB)) p++;
    if (p === line.length) continue;
    switch (line[p]) {
      case '#': {
        if (banner === null) banner = parseBanner(line);
        break;
      }
      case '*': {
        if (block !== null) {
          issues.atLine(block.lineIndex, 1, `table ${block.name} is not closed by COMMIT before the next table`);
        }
        block = openTable(line, p, index, seen, tables, issues, ruleLines);
        break;
      }
      case ':': {
        if (block === null) issues.at(p + 1, 'chain line outside a table (no "*table" line before it)');
        else if (block.builder !== null) declareChain(line, p, block.builder, reader, issues);
        break;
      }
      case '[':
      case '-': {
        if (block === null) issues.at(p + 1, 'rule outside a table (no "*table" line before it)');
        else if (mode !== 'unchecked' || !appendUnchecked(line, p, block.builder, issues)) readRule(line, p, block.builder, reader, issues);
        break;
      }
      default: {
        if (isCommit(line, p)) {
          if (block === null) issues.at(p + 1, 'COMMIT without a table to close');
          block = null;
        } else {
          issues.at(p + 1, 'not a rule, chain, table, COMMIT or comment line');
        }
      }
    }
  }
  if (block !== null) {
    issues.atLine(block.lineIndex, 1, `table ${block.name} is not closed by COMMIT at the end of the file`);
  }
  return { value: ruleset(banner, tables), errors: issues.errors };
}

function ruleset(banner: Banner | null, tables: IptablesTable[]): IptablesRuleset {
  return banner === null
    ? { format: 'iptables-save', tables }
    : { format: 'iptables-save', backend: banner.backend, version: banner.version, tables };
}

/**
 * The `tables` read: the first banner and each table a `*table` line opens, as the full read finds
 * them (a table named twice is the first one), without their chains; the other lines are passed
 * over by their first character, never cut out of the text.
 */
function tablesOf(content: string): IptablesRuleset {
  let banner: Banner | null = null;
  const tables: IptablesTable[] = [];
  const seen = new Set<IptablesTableName>();
  for (let at = 0; at < content.length;) {
    let end = content.indexOf('\n', at);
    if (end < 0) end = content.length;
    let p = at;
    while (p < end && (content.charCodeAt(p) === SPACE || content.charCodeAt(p) === TAB)) p++;
    const first = content.charCodeAt(p);
    if (first === STAR) {
      const table = asTableName(content.slice(p + 1, end).trim());
      if (table !== null && !seen.has(table)) {
        seen.add(table);
        tables.push({ name: table, chains: [] });
      }
    } else if (first === HASH && banner === null) {
      banner = parseBanner(content.slice(at, end > at && content.charCodeAt(end - 1) === CR ? end - 1 : end));
    }
    at = end + 1;
  }
  return ruleset(banner, tables);
}

function isCommit(line: string, p: number): boolean {
  return line.startsWith('COMMIT', p) && line.slice(p + 6).trim() === '';
}

function openTable(
  line: string,
  p: number,
  index: number,
  seen: Map<IptablesTableName, number>,
  tables: IptablesTable[],
  issues: LineIssues,
  ruleLines: RuleLines | null,
): OpenBlock {
  const name = line.slice(p + 1).trim();
  const table = asTableName(name);
  if (table === null) {
    issues.at(p + 2, `unknown table "${name}" (tables: raw, mangle, nat, filter, security)`);
    return { builder: null, name, lineIndex: index };
  }
  const earlier = seen.get(table);
  if (earlier !== undefined) {
    issues.at(p + 2, `table ${table} appears a second time (first on line ${earlier + 1}); this block is ignored`);
    return { builder: null, name, lineIndex: index };
  }
  seen.set(table, index);
  const builder = new TableBuilder(table, ruleLines);
  tables.push(builder.table);
  return { builder, name, lineIndex: index };
}

/** `[packets:bytes] -A CHAIN ...` (iptables-save -c) or `-A CHAIN ...`; `builder` is null in a skipped block. */
function readRule(line: string, p: number, builder: TableBuilder | null, reader: RuleLineReader, issues: LineIssues): void {
  const start = ruleStart(line, p);
  if (start === null) {
    issues.at(p + 1, 'counters must look like [PACKETS:BYTES]');
    return;
  }
  const { from, counters } = start;
  if (!reader.tokenize(line, from) || builder === null) return;
  const t = reader.tokens;
  const first = t.values[0];
  if (t.count === 0 || (first !== '-A' && first !== '--append')) {
    const column = t.count === 0 ? p + 1 : t.column(0);
    issues.at(column, 'expected "-A CHAIN ..." here: iptables-save writes every rule as an append');
    return;
  }
  reader.appendRule(line, builder, counters);
}

/**
 * The `unchecked` read of a rule line: `[packets:bytes] -A CHAIN` up to the chain's name, which is
 * enough to file the line under its chain (its counters are read with the rule). False, with
 * nothing done, for a line that does not start that plainly (a quoted or missing name, an
 * undeclared chain): the full read then reads it and reports what is wrong.
 */
function appendUnchecked(line: string, p: number, builder: TableBuilder | null, issues: LineIssues): boolean {
  if (builder === null) return false;
  let i = p;
  if (line.charCodeAt(p) === OPEN_BRACKET) {
    // counters are read with the rule, when its chain is
    i = line.indexOf(']', p) + 1;
    if (i === 0) return false;
  }
  i = skipBlanks(line, i);
  if (line.startsWith('-A', i)) i += 2;
  else if (line.startsWith('--append', i)) i += 8;
  else return false;
  const afterFlag = i;
  i = skipBlanks(line, i);
  if (i === afterFlag) return false;
  const nameStart = i;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === TAB) break;
    if (c === QUOTE) return false;
    i++;
  }
  if (i === nameStart || line.charCodeAt(nameStart) === DASH || line.charCodeAt(nameStart) === BANG) return false;
  const chain = builder.chainForRule(line.slice(nameStart, i));
  if (!(chain instanceof LazyChain)) return false;
  chain.addLine(issues.lineIndex);
  return true;
}

function skipBlanks(line: string, from: number): number {
  let i = from;
  while (i < line.length && (line.charCodeAt(i) === SPACE || line.charCodeAt(i) === TAB)) i++;
  return i;
}

/** `:NAME POLICY [packets:bytes]`: POLICY is `-` for a user chain. */
function declareChain(line: string, p: number, builder: TableBuilder, reader: RuleLineReader, issues: LineIssues): void {
  if (!reader.tokenize(line, p + 1)) return;
  const t = reader.tokens;
  if (t.count < 2 || t.count > 3) {
    issues.at(p + 1, 'a chain line is ":NAME POLICY [PACKETS:BYTES]"');
    return;
  }
  const name = t.values[0] as string;
  const policyText = t.values[1] as string;
  let counters: Counters | null = null;
  if (t.count === 3) {
    counters = parseBracketCounters(t.values[2] as string);
    if (counters === null) {
      issues.at(t.column(2), 'counters must look like [PACKETS:BYTES]');
      return;
    }
  }
  if (policyText === '-') {
    if (builder.isBuiltin(name)) {
      issues.at(t.column(1), `built-in chain ${name} needs a policy (ACCEPT or DROP), not "-"`);
      return;
    }
    if (builder.declareUser(name, counters) !== null) issues.at(t.column(0), `chain ${name} is declared twice`);
    return;
  }
  const policy = asPolicy(policyText);
  if (policy === null) {
    issues.at(t.column(1), `invalid policy "${policyText}" (ACCEPT, DROP, or "-" for a user chain)`);
    return;
  }
  switch (builder.declareBuiltin(name, policy, counters)) {
    case null:
      return;
    case 'duplicate':
      issues.at(t.column(0), `chain ${name} is declared twice`);
      return;
    case 'not-builtin':
      issues.at(t.column(0), `${name} is not a built-in chain of table ${builder.table.name}: a user chain takes "-" as policy`);
      return;
  }
}
