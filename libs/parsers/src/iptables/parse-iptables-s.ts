import type { Counters, IptablesTable, IptablesTableName, ParseResult } from '@hookpath/model';
import { splitLines } from '../issue';
import { LineIssues } from './line-issues';
import { RuleLineReader } from './rule-line';
import type { RuleTokens } from './rule-tokens';
import { asPolicy, TableBuilder } from './table-builder';
import { isCounterValue } from './counters';

/**
 * Parses `iptables -t TABLE -S` output, with or without `-v`: `-P CHAIN POLICY [-c PACKETS BYTES]`
 * for the built-in chains, `-N CHAIN` for user chains, `-A CHAIN ...` rules (with `-v`, a
 * `-c PACKETS BYTES` inside the rule, before its target). The output does not name its table,
 * so the caller does. Comment lines (`# Warning: iptables-legacy tables present ...`) are skipped.
 */
export function parseIptablesS(content: string, file: string, table: IptablesTableName): ParseResult<IptablesTable> {
  const lines = splitLines(content);
  const issues = new LineIssues(file, lines);
  const reader = new RuleLineReader(issues);
  const builder = new TableBuilder(table);
  const t = reader.tokens;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    issues.lineIndex = index;
    if (line.trimStart().startsWith('#')) continue;
    if (!reader.tokenize(line, 0) || t.count === 0) continue;
    switch (t.quoted[0] ? '' : t.values[0]) {
      case '-P':
      case '--policy':
        declarePolicy(t, builder, issues);
        break;
      case '-N':
      case '--new-chain':
        if (t.count !== 2) {
          issues.at(t.column(0), `"${t.values[0]} CHAIN" takes exactly one chain name`);
        } else if (builder.isBuiltin(t.values[1] as string)) {
          issues.at(t.column(1), `${t.values[1]} is a built-in chain of table ${table}: it cannot be created with -N`);
        } else if (builder.declareUser(t.values[1] as string, null) !== null) {
          issues.at(t.column(1), `chain ${t.values[1]} is declared twice`);
        }
        break;
      case '-A':
      case '--append':
        reader.appendRule(line, builder, null);
        break;
      default:
        issues.at(t.column(0), 'not a -P, -N or -A line of iptables -S');
    }
  }
  return { value: builder.table, errors: issues.errors };
}

/** `-P CHAIN POLICY`, with `-v`: `-P CHAIN POLICY -c PACKETS BYTES`. */
function declarePolicy(t: RuleTokens, builder: TableBuilder, issues: LineIssues): void {
  if (t.count !== 3 && t.count !== 6) {
    issues.at(t.column(0), `"${t.values[0]} CHAIN POLICY" (optionally followed by "-c PACKETS BYTES")`);
    return;
  }
  const name = t.values[1] as string;
  const policy = asPolicy(t.values[2] as string);
  if (policy === null) {
    issues.at(t.column(2), `invalid policy "${t.values[2]}" (ACCEPT or DROP)`);
    return;
  }
  let counters: Counters | null = null;
  if (t.count === 6) {
    const packets = t.values[4] as string;
    const bytes = t.values[5] as string;
    if (t.values[3] !== '-c' || !isCounterValue(packets) || !isCounterValue(bytes)) {
      issues.at(t.column(3), 'expected "-c PACKETS BYTES" after the policy');
      return;
    }
    counters = { packets: Number(packets), bytes: Number(bytes) };
  }
  switch (builder.declareBuiltin(name, policy, counters)) {
    case null:
      return;
    case 'duplicate':
      issues.at(t.column(1), `policy of chain ${name} is given twice`);
      return;
    case 'not-builtin':
      issues.at(t.column(1), `${name} is not a built-in chain of table ${builder.table.name}: only built-in chains have a policy`);
      return;
  }
}
