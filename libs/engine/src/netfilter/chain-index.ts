import type { CompiledRule, IndexKey } from './compiled-types';
import type { EvalContext } from './eval-context';

/** `any` in a destination's entries: the rule requires no protocol, or no port. */
const ANY = -1;

/**
 * Which rules of a chain can match a packet, from what each rule requires exactly: its
 * destination /32, protocol and destination port (kube-proxy's KUBE-SERVICES is one such rule per
 * service port). Every rule sits in one list: under its destination (with its protocol and port,
 * or ANY) when it requires one; else under its protocol and port; else among the rules that are
 * always candidates. A rule left out of a packet's lists requires another value of one of these
 * fields, so it cannot match: visiting the candidates in ascending order gives exactly the linear
 * walk.
 */
export interface ChainIndex {
  always: Int32Array;
  /** Per destination: `[proto, dport, rule]` triples in rule order, proto and dport ANY when not required. */
  byDst: Map<number, number[]>;
  /** Rules that require no destination, by `proto * 65536 + dport`. */
  byPort: Map<number, Int32Array>;
}

/** What the rule requires of the indexed fields: every match's key together (they are ANDed). */
export function ruleKey(rule: CompiledRule): IndexKey {
  const key: IndexKey = {};
  for (const match of rule.matches) {
    const k = match.key;
    if (k === undefined) continue;
    if (k.dst !== undefined) key.dst = k.dst;
    if (k.proto !== undefined) key.proto = k.proto;
    if (k.dport !== undefined) key.dport = k.dport;
  }
  return key;
}

const portKey = (proto: number, dport: number): number => proto * 65536 + dport;

/** What a scan without an index holds: nothing (never added to). */
const NO_LISTS: ArrayLike<number>[] = [];
const NO_CURSORS: number[] = [];

/** The index of a chain whose rules require `keys` (one per rule, in order). */
export function buildChainIndex(keys: readonly IndexKey[]): ChainIndex {
  const always: number[] = [];
  const byDst = new Map<number, number[]>();
  const portOnly = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as IndexKey;
    if (key.dst !== undefined) {
      const proto = key.proto ?? ANY;
      const dport = key.proto === undefined ? ANY : (key.dport ?? ANY);
      const entries = byDst.get(key.dst);
      if (entries === undefined) byDst.set(key.dst, [proto, dport, i]);
      else entries.push(proto, dport, i);
    } else if (key.proto !== undefined && key.dport !== undefined) {
      const k = portKey(key.proto, key.dport);
      const list = portOnly.get(k);
      if (list === undefined) portOnly.set(k, [i]);
      else list.push(i);
    } else {
      always.push(i);
    }
  }
  const byPort = new Map<number, Int32Array>();
  for (const [k, list] of portOnly) byPort.set(k, Int32Array.from(list));
  return { always: Int32Array.from(always), byDst, byPort };
}

/**
 * Chain indexes by the keys they were built from, shared by the hosts of one snapshot: an index is
 * a function of its chain's keys alone and never changes once built, so hosts whose chains require
 * the same keys in the same order (every kube-proxy node's KUBE-SERVICES) hold one index.
 */
export class ChainIndexPool {
  private readonly indexes = new Map<string, ChainIndex>();
  /** The same indexes by their chain's rules as written (rules written alike require the same keys). */
  private readonly byText = new Map<string, ChainIndex>();

  /**
   * The index of a chain whose rules are written `texts` (null when not at hand) and require
   * `keys()`: a chain written like one indexed before shares its index without its rules being read
   * for their keys (parsing a kube-proxy KUBE-SERVICES for them costs far more than reading its lines).
   */
  indexOfRules(texts: readonly string[] | null, keys: () => readonly IndexKey[]): ChainIndex {
    if (texts === null) return this.indexOf(keys());
    const written = texts.join('\n');
    let index = this.byText.get(written);
    if (index === undefined) {
      index = this.indexOf(keys());
      this.byText.set(written, index);
    }
    return index;
  }

  /** The index of `keys`: one built earlier from the same keys, else a new one (then kept). */
  indexOf(keys: readonly IndexKey[]): ChainIndex {
    let signature = '';
    for (const key of keys) signature += `${key.dst ?? ''},${key.proto ?? ''},${key.dport ?? ''};`;
    let index = this.indexes.get(signature);
    if (index === undefined) {
      index = buildChainIndex(keys);
      this.indexes.set(signature, index);
    }
    return index;
  }
}

/**
 * The rules of one chain visit in ascending order: every rule without an index, the merged
 * candidate lists with one. The candidates were chosen for the packet's destination, protocol and
 * port at entry; should a target rewrite one of them before the chain ends, the rest of the chain
 * is walked rule by rule.
 */
export class ChainScan {
  /** Candidate lists and their cursors; none for a chain walked rule by rule. */
  private readonly lists: ArrayLike<number>[];
  private readonly cursors: number[];
  private linear: boolean;
  /** Next position of the linear walk; with lists, one past the last position returned. */
  private position = 0;
  private readonly dst: number;
  private readonly proto: number;
  private readonly dport: number;

  constructor(
    private readonly ruleCount: number,
    index: ChainIndex | null,
    private readonly ctx: EvalContext,
  ) {
    this.linear = index === null;
    this.dst = ctx.dst;
    this.proto = ctx.proto;
    this.dport = ctx.packet.dport;
    this.lists = index === null ? NO_LISTS : [];
    this.cursors = index === null ? NO_CURSORS : [];
    if (index === null) return;
    this.add(index.always);
    const entries = index.byDst.get(ctx.dst);
    if (entries !== undefined) {
      const picked: number[] = [];
      for (let k = 0; k < entries.length; k += 3) {
        const proto = entries[k] as number;
        const dport = entries[k + 1] as number;
        if (proto === ANY || (proto === this.proto && (dport === ANY || dport === this.dport))) picked.push(entries[k + 2] as number);
      }
      this.add(picked);
    }
    const list = index.byPort.get(portKey(ctx.proto, ctx.packet.dport));
    if (list !== undefined) this.add(list);
  }

  private add(list: ArrayLike<number>): void {
    if (list.length === 0) return;
    this.lists.push(list);
    this.cursors.push(0);
  }

  /** The next rule (0-based) to test, or -1 at the end of the chain. */
  next(): number {
    if (!this.linear) {
      const ctx = this.ctx;
      if (ctx.dst === this.dst && ctx.proto === this.proto && ctx.packet.dport === this.dport) return this.nextCandidate();
      this.linear = true;
    }
    return this.position < this.ruleCount ? this.position++ : -1;
  }

  private nextCandidate(): number {
    const lists = this.lists;
    const cursors = this.cursors;
    let best = -1;
    let from = -1;
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k] as ArrayLike<number>;
      const c = cursors[k] as number;
      if (c < list.length) {
        const v = list[c] as number;
        if (best < 0 || v < best) {
          best = v;
          from = k;
        }
      }
    }
    if (from < 0) {
      this.position = this.ruleCount;
      return -1;
    }
    cursors[from] = (cursors[from] as number) + 1;
    this.position = best + 1;
    return best;
  }
}
