import type { Host, IptablesChain, IptablesTable, IptablesTableName } from '@hookpath/model';
import { CompiledChain, type ChainScope } from './compiled-chain';
import { ruleCountOf } from './model-rules';
import type { CompiledNetfilter, CompiledTable, CompileOptions } from './compiled-types';
import { compileSets } from './ipset-compile';
import type { CompiledSet } from './ipset-types';

function compileTable(table: IptablesTable, sets: ReadonlyMap<string, CompiledSet> | null, options: CompileOptions): CompiledTable {
  const chains = new CompiledChains(table.chains);
  const scope: ChainScope = { table: table.name, chains, sets, index: options.index ?? 'auto' };
  if (options.indexes !== undefined) scope.indexes = options.indexes;
  if (options.counts !== undefined) scope.counts = options.counts;
  chains.scope = scope;
  return { name: table.name, chains };
}

/**
 * A table's chains by name, each made a CompiledChain when first asked for: a packet reaches a
 * handful of a kube-proxy node's thousands of chains, and a 200-node snapshot has 1.5 million.
 * Asked for twice, a chain is the same object; iterating makes every chain.
 */
class CompiledChains implements ReadonlyMap<string, CompiledChain> {
  scope: ChainScope | null = null;
  private readonly made = new Map<string, CompiledChain>();
  private readonly sources = new Map<string, IptablesChain>();

  constructor(chains: readonly IptablesChain[]) {
    for (const chain of chains) this.sources.set(chain.name, chain);
  }

  get size(): number {
    return this.sources.size;
  }

  get(name: string): CompiledChain | undefined {
    let chain = this.made.get(name);
    if (chain === undefined) {
      const source = this.sources.get(name);
      if (source === undefined) return undefined;
      chain = new CompiledChain(source, this.scope as ChainScope);
      this.made.set(name, chain);
    }
    return chain;
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }

  *entries(): MapIterator<[string, CompiledChain]> {
    for (const name of this.sources.keys()) yield [name, this.get(name) as CompiledChain];
  }

  keys(): MapIterator<string> {
    return this.sources.keys();
  }

  *values(): MapIterator<CompiledChain> {
    for (const name of this.sources.keys()) yield this.get(name) as CompiledChain;
  }

  forEach(callback: (value: CompiledChain, key: string, map: ReadonlyMap<string, CompiledChain>) => void, thisArg?: unknown): void {
    for (const [name, chain] of this.entries()) callback.call(thisArg, chain, name, this);
  }

  [Symbol.iterator](): MapIterator<[string, CompiledChain]> {
    return this.entries();
  }
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
