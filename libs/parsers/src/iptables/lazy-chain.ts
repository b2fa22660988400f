import type { Counters, IptablesChain, IptablesRule, IptablesRuleSource } from '@hookpath/model';
import { parseBracketCounters } from './counters';
import type { RuleLines } from './rule-line';

/** Where a rule line's `-A` starts and the counters of its `[packets:bytes]` prefix; null for bad counters. */
export function ruleStart(line: string, p: number): { from: number; counters: Counters | null } | null {
  if (line[p] !== '[') return { from: p, counters: null };
  const close = line.indexOf(']', p);
  const counters = close < 0 ? null : parseBracketCounters(line.slice(p, close + 1));
  return counters === null ? null : { from: close + 1, counters };
}

/**
 * A chain of a lazily read ruleset: it keeps the line of each of its rules, and parses them when
 * `rules` is first read (then keeps them) or one at a time as its own `ruleSource`. JSON gives the
 * chain as the eager read would (`toJSON`).
 */
export class LazyChain implements IptablesChain, IptablesRuleSource {
  readonly name: string;
  readonly builtin: boolean;
  readonly policy: 'ACCEPT' | 'DROP' | null;
  declare counters?: Counters;
  readonly #lines: RuleLines;
  readonly #lineIndexes: number[] = [];
  #read: IptablesRule[] | null = null;

  constructor(name: string, builtin: boolean, policy: 'ACCEPT' | 'DROP' | null, counters: Counters | null, lines: RuleLines) {
    this.name = name;
    this.builtin = builtin;
    this.policy = policy;
    if (counters !== null) this.counters = counters;
    this.#lines = lines;
  }

  get rules(): IptablesRule[] {
    if (this.#read === null) {
      const lines = this.#lines;
      this.#read = this.#lineIndexes.map((lineIndex, i) => lines.rule(lineIndex, i + 1));
    }
    return this.#read;
  }

  set rules(rules: IptablesRule[]) {
    this.#read = rules;
  }

  get ruleSource(): IptablesRuleSource {
    return this;
  }

  get count(): number {
    return this.#lineIndexes.length;
  }

  rule(index: number): IptablesRule {
    return this.#read?.[index] ?? this.#lines.rule(this.#lineIndexes[index] as number, index + 1);
  }

  /** A rule on line `lineIndex` (0-based) appended to the chain. */
  addLine(lineIndex: number): void {
    this.#lineIndexes.push(lineIndex);
  }

  toJSON(): IptablesChain {
    const { name, builtin, policy, counters } = this;
    return counters === undefined ? { name, builtin, policy, rules: this.rules } : { name, builtin, policy, counters, rules: this.rules };
  }
}
