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

/** `[0:0]`, which every user chain of an iptables-save shows: one object for all of them (never changed). */
const NO_COUNTS: Counters = Object.freeze({ packets: 0, bytes: 0 });

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
  /**
   * Its rules' 0-based lines as runs of consecutive lines: iptables-save writes a chain's rules one
   * after another, so a chain is one run (`#firstLength` rules from line `#first`) and needs no array; a chain whose
   * rules are interleaved with other chains' keeps its further runs in `#more` (line, length, ...).
   */
  #first = 0;
  #count = 0;
  #firstLength = 0;
  #more: number[] | null = null;
  #read: IptablesRule[] | null = null;

  constructor(name: string, builtin: boolean, policy: 'ACCEPT' | 'DROP' | null, counters: Counters | null, lines: RuleLines) {
    this.name = name;
    this.builtin = builtin;
    this.policy = policy;
    if (counters !== null) this.counters = counters.packets === 0 && counters.bytes === 0 ? NO_COUNTS : counters;
    this.#lines = lines;
  }

  get rules(): IptablesRule[] {
    if (this.#read === null) {
      const lines = this.#lines;
      const read: IptablesRule[] = [];
      for (let i = 0; i < this.#count; i++) read.push(lines.rule(this.lineIndex(i), i + 1));
      this.#read = read;
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
    return this.#count;
  }

  rule(index: number): IptablesRule {
    const read = this.#read?.[index];
    if (read !== undefined) return read;
    if (index < 0 || index >= this.#count) throw new RangeError(`chain ${this.name} has no rule ${index + 1}`);
    return this.#lines.rule(this.lineIndex(index), index + 1);
  }

  ruleText(index: number): string {
    if (index < 0 || index >= this.#count) throw new RangeError(`chain ${this.name} has no rule ${index + 1}`);
    return this.#lines.ruleText(this.lineIndex(index));
  }

  /** A rule on line `lineIndex` (0-based) appended to the chain. */
  addLine(lineIndex: number): void {
    const more = this.#more;
    if (this.#count === 0) {
      this.#first = lineIndex;
      this.#firstLength = 1;
    } else if (more === null) {
      if (lineIndex === this.#first + this.#firstLength) this.#firstLength++;
      else this.#more = [lineIndex, 1];
    } else if (lineIndex === (more[more.length - 2] as number) + (more[more.length - 1] as number)) {
      more[more.length - 1] = (more[more.length - 1] as number) + 1;
    } else {
      more.push(lineIndex, 1);
    }
    this.#count++;
  }

  /** The 0-based line of rule `index` (0-based, below `count`). */
  private lineIndex(index: number): number {
    if (index < this.#firstLength) return this.#first + index;
    const more = this.#more as number[];
    let rest = index - this.#firstLength;
    for (let r = 0; ; r += 2) {
      const length = more[r + 1] as number;
      if (rest < length) return (more[r] as number) + rest;
      rest -= length;
    }
  }

  toJSON(): IptablesChain {
    const { name, builtin, policy, counters } = this;
    return counters === undefined ? { name, builtin, policy, rules: this.rules } : { name, builtin, policy, counters, rules: this.rules };
  }
}
