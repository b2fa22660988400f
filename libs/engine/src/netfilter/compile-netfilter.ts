import type { Host, IptablesChain, IptablesRule, IptablesTable, IptablesTableName } from '@hookpath/model';
import { buildChainIndex } from './chain-index';
import type { CompiledChain, CompiledNetfilter, CompiledRule, CompiledTable, CompileOptions } from './compiled-types';
import { compileSets } from './ipset-compile';
import type { CompiledSet } from './ipset-types';
import { compileMatch } from './match-registry';
import { commentOf } from './matches/comment';
import type { MatchSite } from './matches/match-support';
import { compileTarget } from './target-registry';

/** Chains shorter than this are walked rule by rule: an index would not pay for itself. */
const INDEX_MIN_RULES = 16;

function compileRule(rule: IptablesRule, chain: IptablesChain, table: IptablesTableName, chains: ReadonlyMap<string, CompiledChain>, sets: ReadonlyMap<string, CompiledSet> | null): CompiledRule {
  const site: MatchSite = { table, chain: chain.name, position: rule.position, sets };
  return {
    table,
    chain: chain.name,
    position: rule.position,
    text: rule.text,
    line: rule.line,
    matches: rule.matches.map((m) => compileMatch(m, site)),
    comment: commentOf(rule.matches),
    target: compileTarget(rule.target, site, chains),
  };
}

function compileTable(table: IptablesTable, sets: ReadonlyMap<string, CompiledSet> | null, options: CompileOptions): CompiledTable {
  const chains = new Map<string, CompiledChain>();
  for (const chain of table.chains) {
    chains.set(chain.name, { table: table.name, name: chain.name, builtin: chain.builtin, policy: chain.policy ?? 'ACCEPT', rules: [], index: null });
  }
  const mode = options.index ?? 'auto';
  for (const chain of table.chains) {
    const compiled = chains.get(chain.name) as CompiledChain;
    compiled.rules = chain.rules.map((rule) => compileRule(rule, chain, table.name, chains, sets));
    const indexed = mode === 'always' || (mode === 'auto' && compiled.rules.length >= INDEX_MIN_RULES);
    if (indexed) compiled.index = buildChainIndex(compiled.rules);
  }
  return { name: table.name, chains };
}

/**
 * Turns a host's iptables rules and ipsets into matcher closures, lookup structures and chain
 * indexes, once; `evaluateTable` then runs them for any number of packets.
 */
export function compileNetfilter(host: Host, options: CompileOptions = {}): CompiledNetfilter {
  const sets = host.ipsets === null ? null : compileSets(host.ipsets);
  const tables = new Map<IptablesTableName, CompiledTable>();
  let ruleCount = 0;
  for (const table of host.iptables?.tables ?? []) {
    tables.set(table.name, compileTable(table, sets, options));
    for (const chain of table.chains) ruleCount += chain.rules.length;
  }
  return { host: host.name, tables, sets: sets ?? new Map(), ruleCount };
}
