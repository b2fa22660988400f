import type { Host, IptablesTable, IptablesTableName } from '@hookpath/model';
import { CompiledChain, type ChainScope } from './compiled-chain';
import { ruleCountOf } from './model-rules';
import type { CompiledNetfilter, CompiledTable, CompileOptions } from './compiled-types';
import { compileSets } from './ipset-compile';
import type { CompiledSet } from './ipset-types';

function compileTable(table: IptablesTable, sets: ReadonlyMap<string, CompiledSet> | null, options: CompileOptions): CompiledTable {
  const chains = new Map<string, CompiledChain>();
  const scope: ChainScope = { table: table.name, chains, sets, index: options.index ?? 'auto' };
  if (options.indexes !== undefined) scope.indexes = options.indexes;
  for (const chain of table.chains) chains.set(chain.name, new CompiledChain(chain, scope));
  return { name: table.name, chains };
}

/**
 * Turns a host's iptables rules and ipsets into matcher closures, lookup structures and chain
 * indexes; `evaluateTable` then runs them for any number of packets. A chain's rules are compiled
 * when a packet first reaches them (see CompiledChain).
 */
export function compileNetfilter(host: Host, options: CompileOptions = {}): CompiledNetfilter {
  const sets = host.ipsets === null ? null : compileSets(host.ipsets);
  const tables = new Map<IptablesTableName, CompiledTable>();
  let ruleCount = 0;
  for (const table of host.iptables?.tables ?? []) {
    tables.set(table.name, compileTable(table, sets, options));
    for (const chain of table.chains) ruleCount += ruleCountOf(chain);
  }
  return { host: host.name, tables, sets: sets ?? new Map(), ruleCount };
}
