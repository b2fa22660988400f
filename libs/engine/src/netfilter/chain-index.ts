import type { CompiledRule, IndexKey } from './compiled-types';
import type { EvalContext } from './eval-context';

interface ProtoBucket {
  /** Rules that need this destination and protocol, any port. */
  any: Int32Array;
  byPort: Map<number, Int32Array>;
}

interface DstBucket {
  /** Rules that need this destination, any protocol. */
  any: Int32Array;
  byProto: Map<number, ProtoBucket>;
}

/**
 * Which rules of a chain can match a packet, from what each rule requires exactly: its
 * destination /32, protocol and destination port (kube-proxy's KUBE-SERVICES is one such rule per
 * service port). Every rule sits in one list: under its destination (and protocol, and port) when
 * it requires one; else under its protocol and port; else among the rules that are always
 * candidates. A rule left out of a packet's lists requires another value of one of these fields,
 * so it cannot match: visiting the candidates in ascending order gives exactly the linear walk.
 */
export interface ChainIndex {
  always: Int32Array;
  byDst: Map<number, DstBucket>;
  byPort: Map<number, Map<number, Int32Array>>;
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

function push<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [position]);
  else list.push(position);
}

const EMPTY = new Int32Array(0);

export function buildChainIndex(rules: readonly CompiledRule[]): ChainIndex {
  const always: number[] = [];
  const dstAny = new Map<number, number[]>();
  const dstProto = new Map<string, number[]>();
  const dstPort = new Map<string, number[]>();
  const portOnly = new Map<string, number[]>();
  rules.forEach((rule, i) => {
    const key = ruleKey(rule);
    if (key.dst !== undefined) {
      if (key.proto === undefined) push(dstAny, key.dst, i);
      else if (key.dport === undefined) push(dstProto, `${key.dst}/${key.proto}`, i);
      else push(dstPort, `${key.dst}/${key.proto}/${key.dport}`, i);
    } else if (key.proto !== undefined && key.dport !== undefined) {
      push(portOnly, `${key.proto}/${key.dport}`, i);
    } else {
      always.push(i);
    }
  });
  const byDst = new Map<number, DstBucket>();
  const dstBucket = (dst: number): DstBucket => {
    let bucket = byDst.get(dst);
    if (bucket === undefined) byDst.set(dst, (bucket = { any: EMPTY, byProto: new Map() }));
    return bucket;
  };
  const protoBucket = (dst: number, proto: number): ProtoBucket => {
    const bucket = dstBucket(dst);
    let p = bucket.byProto.get(proto);
    if (p === undefined) bucket.byProto.set(proto, (p = { any: EMPTY, byPort: new Map() }));
    return p;
  };
  for (const [dst, list] of dstAny) dstBucket(dst).any = Int32Array.from(list);
  for (const [k, list] of dstProto) {
    const [dst, proto] = k.split('/').map(Number) as [number, number];
    protoBucket(dst, proto).any = Int32Array.from(list);
  }
  for (const [k, list] of dstPort) {
    const [dst, proto, port] = k.split('/').map(Number) as [number, number, number];
    protoBucket(dst, proto).byPort.set(port, Int32Array.from(list));
  }
  const byPort = new Map<number, Map<number, Int32Array>>();
  for (const [k, list] of portOnly) {
    const [proto, port] = k.split('/').map(Number) as [number, number];
    let ports = byPort.get(proto);
    if (ports === undefined) byPort.set(proto, (ports = new Map()));
    ports.set(port, Int32Array.from(list));
  }
  return { always: Int32Array.from(always), byDst, byPort };
}

/**
 * The rules of one chain visit in ascending order: every rule without an index, the merged
 * candidate lists with one. The candidates were chosen for the packet's destination, protocol and
 * port at entry; should a target rewrite one of them before the chain ends, the rest of the chain
 * is walked rule by rule.
 */
export class ChainScan {
  private readonly lists: Int32Array[] = [];
  private readonly cursors: number[] = [];
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
    if (index === null) return;
    this.add(index.always);
    const bucket = index.byDst.get(ctx.dst);
    if (bucket !== undefined) {
      this.add(bucket.any);
      const p = bucket.byProto.get(ctx.proto);
      if (p !== undefined) {
        this.add(p.any);
        const list = p.byPort.get(ctx.packet.dport);
        if (list !== undefined) this.add(list);
      }
    }
    const list = index.byPort.get(ctx.proto)?.get(ctx.packet.dport);
    if (list !== undefined) this.add(list);
  }

  private add(list: Int32Array): void {
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
      const list = lists[k] as Int32Array;
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
