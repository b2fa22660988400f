export type IptablesTableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';

export const IPTABLES_TABLE_NAMES: readonly IptablesTableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

export interface Counters {
  packets: number;
  bytes: number;
}

/**
 * One option of a match or target, as written: `--match-set KUBE-LOAD-BALANCER dst,dst` is
 * `{ name: 'match-set', negated: false, values: ['KUBE-LOAD-BALANCER', 'dst,dst'] }`.
 * The built-in selectors (`-s -d -i -o -p -f`) form the match with module `ip` and use the long
 * option names `source`, `destination`, `in-interface`, `out-interface`, `protocol`, `fragment`.
 */
export interface RuleOption {
  name: string;
  negated: boolean;
  values: string[];
}

export interface RuleMatch {
  /** `ip` for the built-in selectors, otherwise the `-m` module name (`tcp`, `set`, `conntrack`, ...). */
  module: string;
  options: RuleOption[];
}

export interface RuleTarget {
  /** `ACCEPT`, `DNAT`, `MARK`, or a user chain name. */
  name: string;
  /** `-j` jumps (returns to the caller), `-g` goes to (returns to the caller's caller). */
  kind: 'jump' | 'goto';
  options: RuleOption[];
}

export interface IptablesRule {
  /** 1-based position inside its chain, as `iptables -L --line-numbers` counts. */
  position: number;
  /** The rule as `iptables-save` prints it, without the counters: `-A CHAIN ...`. */
  text: string;
  /** 1-based line in the source file. */
  line: number;
  counters?: Counters;
  matches: RuleMatch[];
  /** Null for a rule without `-j`/`-g` (it only counts). */
  target: RuleTarget | null;
}

/**
 * The rules of a chain read from the file on demand (`parseIptablesSave(..., { rules: 'lazy' })`):
 * their number, and rule `index` (0-based) read again at each call, for a reader that keeps only
 * what it needs of a long chain.
 */
export interface IptablesRuleSource {
  readonly count: number;
  rule(index: number): IptablesRule;
  /**
   * Rule `index` as written, from its `-A` (a `[packets:bytes]` prefix left out), without parsing
   * it: two rules written alike are the same rule.
   */
  ruleText?(index: number): string;
}

export interface IptablesChain {
  name: string;
  builtin: boolean;
  /** Policy of a built-in chain; null for user chains. */
  policy: 'ACCEPT' | 'DROP' | null;
  counters?: Counters;
  /** In a lazily read ruleset, the first read parses (and keeps) every rule of the chain. */
  rules: IptablesRule[];
  /** Present (not enumerable) when the rules are read on demand. */
  readonly ruleSource?: IptablesRuleSource;
}

export interface IptablesTable {
  name: IptablesTableName;
  chains: IptablesChain[];
}

export interface IptablesRuleset {
  /** Which command produced it. */
  format: 'iptables-save' | 'iptables-S';
  /** From the banner, when there is one: `nf_tables` or `legacy`. */
  backend?: 'nf_tables' | 'legacy';
  /** Version in the banner (`v1.8.9`), when there is one. */
  version?: string;
  tables: IptablesTable[];
}
