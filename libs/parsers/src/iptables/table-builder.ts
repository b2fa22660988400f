import { IPTABLES_TABLE_NAMES, type Counters, type IptablesChain, type IptablesTable, type IptablesTableName } from '@hookpath/model';
import { ownString } from '../own-string';
import { LazyChain } from './lazy-chain';
import type { RuleLines } from './rule-line';

/** The chains each table registers on netfilter hooks (the kernel's `valid_hooks` per table). */
export const BUILTIN_CHAINS: Readonly<Record<IptablesTableName, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export function asTableName(name: string): IptablesTableName | null {
  for (const known of IPTABLES_TABLE_NAMES) if (known === name) return known;
  return null;
}

export type ChainPolicy = 'ACCEPT' | 'DROP';

export function asPolicy(value: string): ChainPolicy | null {
  return value === 'ACCEPT' || value === 'DROP' ? value : null;
}

/** Why a chain could not be declared, or null when it was. */
export type DeclareFailure = 'duplicate' | 'not-builtin' | null;

/** Builds one table: chains in the order they are declared, rules numbered within their chain. */
export class TableBuilder {
  readonly table: IptablesTable;
  private readonly chains = new Map<string, IptablesChain>();
  private readonly builtins: ReadonlySet<string>;

  /** `lines`: the file's lines when rules are read on demand (LazyChain), null to read them now. */
  constructor(
    name: IptablesTableName,
    private readonly lines: RuleLines | null = null,
  ) {
    this.table = { name, chains: [] };
    this.builtins = new Set(BUILTIN_CHAINS[name]);
  }

  isBuiltin(chain: string): boolean {
    return this.builtins.has(chain);
  }

  /** `:NAME POLICY [p:b]` of a built-in chain, or `-P NAME POLICY`. */
  declareBuiltin(name: string, policy: ChainPolicy, counters: Counters | null): DeclareFailure {
    if (!this.builtins.has(name)) return 'not-builtin';
    if (this.chains.has(name)) return 'duplicate';
    this.add(name, true, policy, counters);
    return null;
  }

  /** `:NAME - [p:b]` or `-N NAME`. */
  declareUser(name: string, counters: Counters | null): DeclareFailure {
    if (this.chains.has(name)) return 'duplicate';
    this.add(name, false, null, counters);
    return null;
  }

  /**
   * The chain a rule is appended to. A built-in chain needs no declaration (iptables-restore
   * appends to it as it exists in the kernel, with the ACCEPT policy of a new table); a user
   * chain must have been declared before. Null when it is not.
   */
  chainForRule(name: string): IptablesChain | null {
    const chain = this.chains.get(name);
    if (chain !== undefined) return chain;
    if (!this.builtins.has(name)) return null;
    return this.add(name, true, 'ACCEPT', null);
  }

  private add(sliced: string, builtin: boolean, policy: ChainPolicy | null, counters: Counters | null): IptablesChain {
    // a chain outlives the file's text when its rules are read later (LazyChain)
    const name = this.lines === null ? sliced : ownString(sliced);
    const chain: IptablesChain =
      this.lines !== null
        ? new LazyChain(name, builtin, policy, counters, this.lines)
        : counters === null
          ? { name, builtin, policy, rules: [] }
          : { name, builtin, policy, counters, rules: [] };
    this.chains.set(name, chain);
    this.table.chains.push(chain);
    return chain;
  }
}
