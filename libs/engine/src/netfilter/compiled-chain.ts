import type { IptablesChain, IptablesRule, IptablesTableName } from '@hookpath/model';
import { buildChainIndex, type ChainIndex, type ChainIndexPool } from './chain-index';
import type { CompileCounts, CompiledRule, IndexKey } from './compiled-types';
import type { CompiledSet } from './ipset-types';
import { compileMatch, KEYED_MODULES } from './match-registry';
import { commentOf } from './matches/comment';
import type { MatchSite } from './matches/match-support';
import { modelRule, ruleCountOf, ruleTextsOf } from './model-rules';
import { compileTarget } from './target-registry';

/** Chains shorter than this are walked rule by rule: an index would not pay for itself. */
const INDEX_MIN_RULES = 16;

/** What the rules of one table are compiled against: their table's chains, the host's ipsets. */
export interface ChainScope {
  table: IptablesTableName;
  chains: ReadonlyMap<string, CompiledChain>;
  sets: ReadonlyMap<string, CompiledSet> | null;
  /** `auto`: an index for chains of INDEX_MIN_RULES rules or more; `always`; `off`. */
  index: 'auto' | 'always' | 'off';
  /** Where indexes built from the same keys are shared (between the hosts of a snapshot); none: each chain builds its own. */
  indexes?: ChainIndexPool;
  counts?: CompileCounts;
}

function site(scope: ChainScope, chain: string, rule: IptablesRule): MatchSite {
  return { table: scope.table, chain, position: rule.position, sets: scope.sets };
}

export function compileRule(rule: IptablesRule, chain: string, scope: ChainScope): CompiledRule {
  const where = site(scope, chain, rule);
  return {
    table: scope.table,
    chain,
    position: rule.position,
    text: rule.text,
    line: rule.line,
    matches: rule.matches.map((m) => compileMatch(m, where)),
    comment: commentOf(rule.matches),
    target: compileTarget(rule.target, where, scope.chains),
    explanationTail: undefined,
    fixedHead: undefined,
    jumpExplanation: undefined,
  };
}

/**
 * What a rule requires of the indexed fields, as its compiled matches' keys say (see `ruleKey`),
 * with only the matches that can carry a key compiled: the index of a long chain is built without
 * compiling the rules no packet reaches.
 */
export function indexKeyOf(rule: IptablesRule, chain: string, scope: ChainScope): IndexKey {
  const key: IndexKey = {};
  let where: MatchSite | null = null;
  for (const match of rule.matches) {
    if (!KEYED_MODULES.has(match.module)) continue;
    where ??= site(scope, chain, rule);
    const k = compileMatch(match, where).key;
    if (k === undefined) continue;
    if (k.dst !== undefined) key.dst = k.dst;
    if (k.proto !== undefined) key.proto = k.proto;
    if (k.dport !== undefined) key.dport = k.dport;
  }
  return key;
}

/**
 * One chain of a compiled table. Its rules are compiled when a packet first reaches them, and the
 * index of a long chain is built when a packet first enters it: a trace through a 100,000-chain
 * kube-proxy ruleset compiles the handful of rules it visits. The result is the same as compiling
 * every rule up front; a compiled rule is kept for the next packets.
 */
export class CompiledChain {
  readonly table: IptablesTableName;
  readonly name: string;
  readonly builtin: boolean;
  /** Policy of a built-in chain (ACCEPT when the snapshot does not say). */
  readonly policy: 'ACCEPT' | 'DROP';
  /** Number of rules. */
  readonly length: number;
  /** Its compiled rules by position; null until a packet reaches one (most chains are never visited). */
  private compiled: (CompiledRule | undefined)[] | null = null;
  private chainIndex: ChainIndex | null | undefined = undefined;

  constructor(
    private readonly source: IptablesChain,
    private readonly scope: ChainScope,
  ) {
    this.table = scope.table;
    this.name = source.name;
    this.builtin = source.builtin;
    this.policy = source.policy ?? 'ACCEPT';
    this.length = ruleCountOf(source);
  }

  /** Rule `i` (0-based), compiled on first use. */
  rule(i: number): CompiledRule {
    const compiled = (this.compiled ??= new Array<CompiledRule | undefined>(this.length));
    let rule = compiled[i];
    if (rule === undefined) {
      rule = compileRule(modelRule(this.source, i), this.name, this.scope);
      compiled[i] = rule;
      if (this.scope.counts !== undefined) this.scope.counts.rules++;
    }
    return rule;
  }

  /** Every rule, compiled. */
  get rules(): readonly CompiledRule[] {
    const all: CompiledRule[] = [];
    for (let i = 0; i < this.length; i++) all.push(this.rule(i));
    return all;
  }

  /** Candidate lookup for long chains, built on first use; null: every rule is visited. */
  get index(): ChainIndex | null {
    if (this.chainIndex === undefined) {
      const mode = this.scope.index;
      const count = this.length;
      const indexed = mode === 'always' || (mode === 'auto' && count >= INDEX_MIN_RULES);
      if (indexed) {
        const keys = (): IndexKey[] => {
          const all = new Array<IndexKey>(count);
          for (let i = 0; i < count; i++) all[i] = indexKeyOf(modelRule(this.source, i), this.name, this.scope);
          return all;
        };
        const pool = this.scope.indexes;
        this.chainIndex = pool === undefined ? buildChainIndex(keys()) : pool.indexOfRules(ruleTextsOf(this.source), keys);
        if (this.scope.counts !== undefined) this.scope.counts.indexes++;
      } else {
        this.chainIndex = null;
      }
    }
    return this.chainIndex;
  }
}
