import type { Counters, RuleMatch, RuleOption, RuleTarget } from '@hookpath/model';
import type { LineIssues } from './line-issues';
import { optionArity } from './option-arity';
import { isProtocolModule, protocolHasOption, protocolModule } from './protocol-match';
import type { RuleTokens } from './rule-tokens';

/** What follows `-A CHAIN` in a rule. */
export interface RuleBody {
  matches: RuleMatch[];
  target: RuleTarget | null;
  /** From `-c PACKETS BYTES` inside the rule (`iptables -S -v` prints it before the target). */
  counters: Counters | null;
  /** Token index of that `-c`, or -1: the rule's text is given without it. */
  countersToken: number;
}

/** The built-in selectors, short and long, which form the match with module `ip`, by their long names. */
const BUILTIN = new Map<string, string>([
  ['-s', 'source'],
  ['--source', 'source'],
  ['--src', 'source'],
  ['-d', 'destination'],
  ['--destination', 'destination'],
  ['--dst', 'destination'],
  ['-i', 'in-interface'],
  ['--in-interface', 'in-interface'],
  ['-o', 'out-interface'],
  ['--out-interface', 'out-interface'],
  ['-p', 'protocol'],
  ['--protocol', 'protocol'],
  ['-f', 'fragment'],
  ['--fragment', 'fragment'],
]);

/**
 * Option and module names repeat on every rule: one shared string each keeps a 100k-rule model
 * small. The table stops growing past a bound so that odd input cannot make it large.
 */
const NAMES = new Map<string, string>();
const MAX_NAMES = 4096;

function shared(text: string): string {
  const known = NAMES.get(text);
  if (known !== undefined) return known;
  if (NAMES.size < MAX_NAMES) NAMES.set(text, text);
  return text;
}

/** `--dport` -> `dport`, shared. */
function longName(flag: string): string {
  const known = NAMES.get(flag);
  if (known !== undefined) return known;
  const name = shared(flag.slice(2));
  if (NAMES.size < MAX_NAMES) NAMES.set(flag, name);
  return name;
}

const DIGITS = /^[0-9]+$/;

/**
 * Reads the matches, target and counters of a rule from its tokens, the way iptables' own
 * command-line parser assigns them: built-in selectors anywhere, `-m MODULE` starts a match whose
 * options follow it, `-j`/`-g` names the target whose options follow it, `!` negates the next option
 * (or, in the old intrapositional form, the option it follows: `-s ! 10.0.0.0/8`).
 *
 * One instance is reused for every rule of a file; it keeps no state between calls.
 */
export class RuleBodyParser {
  /** The `-m` matches of the rule being read, in order (reused from rule to rule). */
  private readonly matches: RuleMatch[] = [];
  private ip: RuleMatch | null = null;
  private holder: RuleMatch | RuleTarget | null = null;
  /** Module of `holder` when it is a match, '' when it is the target. */
  private holderModule = '';
  private target: RuleTarget | null = null;
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
      const builtin = BUILTIN.get(value);
      if (builtin !== undefined) {
        i = this.builtinOption(builtin, i);
        continue;
      }
      switch (value) {
        case '-m':
        case '--match':
          i = this.startMatch(i);
          break;
        case '-j':
        case '--jump':
        case '-g':
        case '--goto':
          i = this.startTarget(i, value === '-g' || value === '--goto' ? 'goto' : 'jump');
          break;
        case '-c':
        case '--set-counters':
          this.noBangBefore(value);
          if (counters !== null) this.issues.at(t.column(i), `${value} given twice`);
          counters = this.readCounters(i);
          countersToken = i;
          i = Math.min(i + 3, n);
          break;
        default:
          i = value.charCodeAt(1) === 45 ? this.extensionOption(i) : this.unknownShortOption(i);
      }
    }
    if (this.pendingBang !== 0) this.issues.at(this.pendingBang, '"!" is not followed by an option');
    if (this.ip !== null) this.matches.unshift(this.ip);
    const matches = this.matches.slice();
    // Arrays filled by push() keep spare capacity; exact copies make a large ruleset much smaller.
    for (let k = 0; k < matches.length; k++) {
      const match = matches[k] as RuleMatch;
      if (match.options.length > 0) match.options = match.options.slice();
    }
    const target = this.target;
    if (target !== null && target.options.length > 0) target.options = target.options.slice();
    return { matches, target, counters, countersToken };
  }

  private reset(): void {
    this.matches.length = 0;
    this.ip = null;
    this.holder = null;
    this.holderModule = '';
    this.target = null;
    this.protocol = '';
    this.pendingBang = 0;
  }

  /** `-s`, `-d`, `-i`, `-o`, `-p`, `-f` and their long forms, into the `ip` match. */
  private builtinOption(name: string, i: number): number {
    const t = this.tokens;
    if (this.ip === null) this.ip = { module: 'ip', options: [] };
    const ipOptions = this.ip.options;
    for (let k = 0; k < ipOptions.length; k++) {
      if ((ipOptions[k] as RuleOption).name === name) this.issues.at(t.column(i), `${t.values[i]} given twice`);
    }
    const option = this.readOption(name, i, name === 'fragment' ? 0 : 1);
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
    const match: RuleMatch = { module: shared(t.values[i + 1] as string), options: [] };
    this.matches.push(match);
    this.holder = match;
    this.holderModule = match.module;
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
    const target: RuleTarget = { name: t.values[i + 1] as string, kind, options: [] };
    this.target = target;
    this.holder = target;
    this.holderModule = '';
    return i + 2;
  }

  /** A `--name` option of the current match or target (or of the protocol's implicit match). */
  private extensionOption(i: number): number {
    const t = this.tokens;
    const name = longName(t.values[i] as string);
    let holder = this.holder;
    const proto = this.protocol;
    if (proto !== '' && this.holderModule !== proto && !isProtocolModule(this.holderModule)) {
      if (holder === null || protocolHasOption(proto, name)) holder = this.protocolMatch(proto);
    }
    const option = this.readOption(name, i, optionArity(name));
    if (holder === null) {
      this.issues.at(t.column(i), `option --${name} belongs to no match or target: add -m MODULE (or -p PROTOCOL) before it`);
    } else {
      holder.options.push(option);
    }
    return this.next;
  }

  /** The match named after the protocol, created at the end of the matches when it is not there yet. */
  private protocolMatch(proto: string): RuleMatch {
    const matches = this.matches;
    for (let k = 0; k < matches.length; k++) {
      if ((matches[k] as RuleMatch).module === proto) return matches[k] as RuleMatch;
    }
    const match: RuleMatch = { module: proto, options: [] };
    matches.push(match);
    if (this.target === null) {
      this.holder = match;
      this.holderModule = proto;
    }
    return match;
  }

  private unknownShortOption(i: number): number {
    const t = this.tokens;
    const value = t.values[i] as string;
    const message = /^-[AIDRNXPFLZESV]$/.test(value)
      ? `${value} starts another command: one rule per line`
      : `unknown option ${value}`;
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
    if (!DIGITS.test(packets) || !DIGITS.test(bytes)) {
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
}
