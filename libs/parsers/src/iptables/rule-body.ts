import type { Counters, RuleMatch, RuleOption, RuleTarget } from '@hookpath/model';
import type { LineIssues } from './line-issues';
import { isProtocolModule, protocolHasOption, protocolModule } from './protocol-match';
import { FlagKind, flagInfo } from './rule-flags';
import type { RuleTokens } from './rule-tokens';
import { isCounterValue } from './counters';

/** What follows `-A CHAIN` in a rule. */
export interface RuleBody {
  matches: RuleMatch[];
  target: RuleTarget | null;
  /** From `-c PACKETS BYTES` inside the rule (`iptables -S -v` prints it before the target). */
  counters: Counters | null;
  /** Token index of that `-c`, or -1: the rule's text is given without it. */
  countersToken: number;
}

/**
 * Module names repeat on every rule: one shared string each keeps a 100k-rule model small. The
 * table stops growing past a bound so that odd input cannot make it large.
 */
const MODULES = new Map<string, string>();
const MAX_MODULES = 1024;

function sharedModule(text: string): string {
  const known = MODULES.get(text);
  if (known !== undefined) return known;
  if (MODULES.size < MAX_MODULES) MODULES.set(text, text);
  return text;
}

/** Owner of an option: an index into the rule's `-m` matches, or one of these. */
const NO_OWNER = -1;
const TARGET_OWNER = -2;

/** Stands for `options` until a match's or target's exact options array is built at the end. */
const PENDING: RuleOption[] = [];

/**
 * Reads the matches, target and counters of a rule from its tokens, the way iptables' own
 * command-line parser assigns them: built-in selectors anywhere, `-m MODULE` starts a match whose
 * options follow it, `-j`/`-g` names the target whose options follow it, `!` negates the next option
 * (or, in the old intrapositional form, the option it follows: `-s ! 10.0.0.0/8`).
 *
 * One instance is reused for every rule of a file: its scratch arrays are refilled for each rule,
 * and the model's arrays are built once, at their exact size, when the rule is complete. (A large
 * ruleset is mostly small arrays; grown ones would carry spare capacity and leave garbage.)
 */
export class RuleBodyParser {
  /** The `-m` matches of the rule being read, in order. */
  private readonly matches: RuleMatch[] = [];
  /** Options of the built-in selectors, which become the `ip` match (always first). */
  private readonly ipOptions: RuleOption[] = [];
  /** Every other option, in order, and who it belongs to. */
  private readonly options: RuleOption[] = [];
  private readonly owners: number[] = [];
  private target: RuleTarget | null = null;
  /** Receiver of the next `--option`: NO_OWNER, TARGET_OWNER or a match index. */
  private owner = NO_OWNER;
  /** Module of the match `owner` points to, '' otherwise. */
  private ownerModule = '';
  /** Match module the rule's `-p` makes available, '' when none. */
  private protocol = '';
  /** 1-based column of a `!` that waits for its option, 0 when none. */
  private pendingBang = 0;
  /** Index of the token after the option `readOption` read last. */
  private next = 0;

  constructor(
    private readonly tokens: RuleTokens,
    private readonly issues: LineIssues,
  ) {}

  parse(from: number): RuleBody {
    this.reset();
    let counters: Counters | null = null;
    let countersToken = -1;
    const t = this.tokens;
    const n = t.count;
    let i = from;
    while (i < n) {
      const value = t.values[i] as string;
      if (t.isBang(i)) {
        if (this.pendingBang !== 0) this.issues.at(t.column(i), 'a second "!" before the same option');
        this.pendingBang = t.column(i);
        i++;
        continue;
      }
      if (!t.isOptionLike(i)) {
        this.issues.at(t.column(i), `unexpected "${value}": not an option, and no option before it takes it as a value`);
        i++;
        continue;
      }
      const flag = flagInfo(value);
      switch (flag.kind) {
        case FlagKind.Builtin:
          i = this.builtinOption(flag.name, flag.arity, i);
          break;
        case FlagKind.Match:
          i = this.startMatch(i);
          break;
        case FlagKind.Jump:
          i = this.startTarget(i, 'jump');
          break;
        case FlagKind.Goto:
          i = this.startTarget(i, 'goto');
          break;
        case FlagKind.Counters:
          this.noBangBefore(value);
          if (counters !== null) this.issues.at(t.column(i), `${value} given twice`);
          counters = this.readCounters(i);
          countersToken = i;
          i = Math.min(i + 3, n);
          break;
        case FlagKind.Option:
          i = this.extensionOption(flag.name, flag.arity, i);
          break;
        case FlagKind.UnknownShort:
          i = this.unknownShortOption(i);
          break;
      }
    }
    if (this.pendingBang !== 0) this.issues.at(this.pendingBang, '"!" is not followed by an option');
    return { matches: this.buildMatches(), target: this.buildTarget(), counters, countersToken };
  }

  private reset(): void {
    this.matches.length = 0;
    this.ipOptions.length = 0;
    this.options.length = 0;
    this.owners.length = 0;
    this.target = null;
    this.owner = NO_OWNER;
    this.ownerModule = '';
    this.protocol = '';
    this.pendingBang = 0;
  }

  /** `-s`, `-d`, `-i`, `-o`, `-p`, `-f` and their long forms, into the `ip` match. */
  private builtinOption(name: string, arity: number, i: number): number {
    const t = this.tokens;
    const ipOptions = this.ipOptions;
    for (let k = 0; k < ipOptions.length; k++) {
      if ((ipOptions[k] as RuleOption).name === name) this.issues.at(t.column(i), `${t.values[i]} given twice`);
    }
    const option = this.readOption(name, i, arity);
    ipOptions.push(option);
    if (name === 'protocol' && !option.negated && option.values.length === 1) {
      const proto = option.values[0] as string;
      this.protocol = protocolModule(proto) ?? (proto === 'all' || proto === '0' ? '' : proto.toLowerCase());
    }
    return this.next;
  }

  private startMatch(i: number): number {
    const t = this.tokens;
    this.noBangBefore(t.values[i] as string);
    if (i + 1 >= t.count || t.isOptionLike(i + 1)) {
      this.issues.at(t.column(i), `${t.values[i]} needs a module name`);
      return i + 1;
    }
    const module = sharedModule(t.values[i + 1] as string);
    this.owner = this.matches.push({ module, options: PENDING }) - 1;
    this.ownerModule = module;
    return i + 2;
  }

  private startTarget(i: number, kind: RuleTarget['kind']): number {
    const t = this.tokens;
    this.noBangBefore(t.values[i] as string);
    if (i + 1 >= t.count || t.isOptionLike(i + 1)) {
      this.issues.at(t.column(i), `${t.values[i]} needs a target name`);
      return i + 1;
    }
    if (this.target !== null) this.issues.at(t.column(i), 'a rule has only one target (-j or -g)');
    this.target = { name: t.values[i + 1] as string, kind, options: PENDING };
    this.owner = TARGET_OWNER;
    this.ownerModule = '';
    return i + 2;
  }

  /** A `--name` option of the current match or target (or of the protocol's implicit match). */
  private extensionOption(name: string, arity: number, i: number): number {
    let owner = this.owner;
    const proto = this.protocol;
    if (proto !== '' && this.ownerModule !== proto && !isProtocolModule(this.ownerModule)) {
      if (owner === NO_OWNER || protocolHasOption(proto, name)) owner = this.protocolMatch(proto);
    }
    const option = this.readOption(name, i, arity);
    if (owner === NO_OWNER) {
      const message = `option --${name} belongs to no match or target: add -m MODULE (or -p PROTOCOL) before it`;
      this.issues.at(this.tokens.column(i), message);
    } else {
      this.options.push(option);
      this.owners.push(owner);
    }
    return this.next;
  }

  /** Index of the match named after the protocol, added after the others when it is not there yet. */
  private protocolMatch(proto: string): number {
    const matches = this.matches;
    for (let k = 0; k < matches.length; k++) {
      if ((matches[k] as RuleMatch).module === proto) return k;
    }
    const index = matches.push({ module: proto, options: PENDING }) - 1;
    if (this.target === null) {
      this.owner = index;
      this.ownerModule = proto;
    }
    return index;
  }

  private unknownShortOption(i: number): number {
    const t = this.tokens;
    const value = t.values[i] as string;
    const message = /^-[AIDRNXPFLZESV]$/.test(value) ? `${value} starts another command: one rule per line` : `unknown option ${value}`;
    this.issues.at(t.column(i), message);
    this.pendingBang = 0;
    return i + 1;
  }

  /**
   * Reads the option at token `i` and its values: exactly `arity` of them when known (the first
   * one whatever it looks like, as getopt does), else every token up to the next option or `!`. A
   * `!` right after the option and before a value is the old intrapositional negation. Sets `next`.
   */
  private readOption(name: string, i: number, arity: number): RuleOption {
    const t = this.tokens;
    const n = t.count;
    let negated = this.pendingBang !== 0;
    this.pendingBang = 0;
    let k = i + 1;
    if (arity !== 0 && k + 1 < n && t.isBang(k) && !t.isOptionLike(k + 1)) {
      if (negated) this.issues.at(t.column(k), `${t.values[i]} is negated twice`);
      negated = true;
      k++;
    }
    let values: string[];
    if (arity < 0) {
      const first = k;
      while (k < n && !t.isOptionLike(k)) k++;
      values = t.values.slice(first, k);
    } else {
      let taken = 0;
      while (taken < arity && k + taken < n && (taken === 0 || !t.isOptionLike(k + taken))) taken++;
      if (taken < arity) this.issues.at(t.column(i), `${t.values[i]} needs ${arity} value${arity === 1 ? '' : 's'}`);
      values = taken === 0 ? [] : taken === 1 ? [t.values[k] as string] : t.values.slice(k, k + taken);
      k += taken;
    }
    this.next = k;
    return { name, negated, values };
  }

  private readCounters(i: number): Counters | null {
    const t = this.tokens;
    const packets = i + 1 < t.count ? (t.values[i + 1] as string) : '';
    const bytes = i + 2 < t.count ? (t.values[i + 2] as string) : '';
    if (!isCounterValue(packets) || !isCounterValue(bytes)) {
      this.issues.at(t.column(i), `${t.values[i]} needs two counts: PACKETS BYTES`);
      return null;
    }
    return { packets: Number(packets), bytes: Number(bytes) };
  }

  private noBangBefore(flag: string): void {
    if (this.pendingBang === 0) return;
    this.issues.at(this.pendingBang, `"!" cannot negate ${flag}`);
    this.pendingBang = 0;
  }

  /** The `ip` match (when the rule has built-in selectors) followed by the `-m` matches. */
  private buildMatches(): RuleMatch[] {
    const scratch = this.matches;
    const hasIp = this.ipOptions.length > 0;
    const count = scratch.length + (hasIp ? 1 : 0);
    if (count === 0) return [];
    const matches = new Array<RuleMatch>(count);
    let k = 0;
    if (hasIp) matches[k++] = { module: 'ip', options: this.ipOptions.slice() };
    for (let m = 0; m < scratch.length; m++) {
      const match = scratch[m] as RuleMatch;
      match.options = this.optionsOf(m);
      matches[k++] = match;
    }
    return matches;
  }

  private buildTarget(): RuleTarget | null {
    const target = this.target;
    if (target !== null) target.options = this.optionsOf(TARGET_OWNER);
    return target;
  }

  /** The options `owner` received, in order, in an array of their exact number. */
  private optionsOf(owner: number): RuleOption[] {
    const owners = this.owners;
    let count = 0;
    for (let j = 0; j < owners.length; j++) if (owners[j] === owner) count++;
    if (count === 0) return [];
    const out = new Array<RuleOption>(count);
    let k = 0;
    for (let j = 0; j < owners.length; j++) if (owners[j] === owner) out[k++] = this.options[j] as RuleOption;
    return out;
  }
}
