import type { IptablesTableName } from '@hookpath/model';
import type { ChainIndexPool } from './chain-index';
import type { Verdict } from '../trace/trace';
import type { CompiledChain } from './compiled-chain';
import type { EvalContext } from './eval-context';
import type { CompiledSet } from './ipset-types';

/** A match's answer for one packet: no, yes, or "the snapshot cannot tell" (the trace becomes UNKNOWN). */
export const NO = 0;
export const YES = 1;
export const UNDECIDED = 2;
export type MatchOutcome = typeof NO | typeof YES | typeof UNDECIDED;

/**
 * What a match requires of the packet in the fields the chain index uses: the destination address
 * (a `-d X/32`), the protocol number and the destination port. Only exact, non-negated conditions.
 */
export interface IndexKey {
  dst?: number;
  proto?: number;
  dport?: number;
}

export interface CompiledMatch {
  /** `-m` module name (`ip` for the built-in selectors). */
  readonly module: string;
  /** Set by matches that fully decide on these fields (never by an undecidable one). */
  readonly key?: IndexKey;
  /** Decides the match; on UNDECIDED it has set `ctx.undecided` to say why. */
  test(ctx: EvalContext): MatchOutcome;
  /** What matched, in plain words, called only after `test` said YES; '' when not worth saying. */
  describe(ctx: EvalContext): string;
  /** What `describe` says whatever the packet, when that never changes (addresses, ports, comments). */
  readonly fixedText?: string;
}

/** What a target does to the walk. */
export type TargetAction = 'continue' | 'accept' | 'drop' | 'reject' | 'return' | 'jump' | 'goto' | 'unknown';

export interface TargetEffect {
  action: TargetAction;
  /** The step's verdict name. */
  verdict: Verdict;
  /** The target's part of the explanation (`DNAT to 13.13.0.4`). */
  text: string;
  /** For jump and goto. */
  chain?: CompiledChain;
}

export interface CompiledTarget {
  /** `-j`/`-g` name, or '' for a rule without a target. */
  readonly name: string;
  apply(ctx: EvalContext): TargetEffect;
}

export interface CompiledRule {
  table: IptablesTableName;
  chain: string;
  /** 1-based position in its chain. */
  position: number;
  /** iptables-save text. */
  text: string;
  /** 1-based line of the rule in the host's iptables file it was read from. */
  line: number;
  matches: CompiledMatch[];
  /** `-m comment --comment` text, for the explanation. */
  comment: string | null;
  target: CompiledTarget;
  /**
   * The end of the rule's explanations: its comment and what the kube-proxy / kube-ovn names in it
   * mean (explain.ts), worked out the first time the rule matches and kept for later traces.
   */
  explanationTail?: string;
  /** `matched <conditions>` when every match describes itself the same for every packet, else null; worked out on first match. */
  fixedHead?: string | null;
  /** The explanation of its last jump or goto, whose text does not change from packet to packet. */
  jumpExplanation?: { effect: TargetEffect; text: string };
}

export type { CompiledChain };

export interface CompiledTable {
  name: IptablesTableName;
  /** Each chain compiled when first asked for (see CompiledChains). */
  chains: ReadonlyMap<string, CompiledChain>;
}

export interface CompiledNetfilter {
  host: string;
  tables: Map<IptablesTableName, CompiledTable>;
  sets: Map<string, CompiledSet>;
  /** Number of rules compiled. */
  ruleCount: number;
}

export interface CompileOptions {
  /**
   * `auto` (default) indexes chains long enough to gain from it, `always` every chain, `off` none
   * (the linear walk, which the index must reproduce exactly).
   */
  index?: 'auto' | 'always' | 'off';
  /** Indexes shared with other hosts compiled with the same pool (see ChainIndexPool); none: each chain builds its own. */
  indexes?: ChainIndexPool;
  /** Counts what is compiled as packets reach it (shared by the hosts given the same object). */
  counts?: CompileCounts;
}

/**
 * Rules compiled and long chains indexed (an index built, or shared with a chain written alike) so
 * far: they grow as packets first reach chains, and stop growing once every chain a workload reaches
 * is compiled.
 */
export interface CompileCounts {
  rules: number;
  indexes: number;
}
