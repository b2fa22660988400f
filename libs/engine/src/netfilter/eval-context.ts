import type { IptablesTableName } from '@hookpath/model';
import type { CtState, CtView } from '../conntrack/ct-view';
import { parseIpv4 } from '../net/ipv4';
import { withErrorFields } from '../trace/error-view';
import { formatMark, TCP_FLAG_BITS, type Packet } from '../packet/packet';
import type { PacketView } from '../trace/trace';
import type { CompiledRule } from './compiled-types';
import type { Hook } from '../packet/hooks';
import type { NatManip, TableInput } from './table-evaluation';

/** The state of one table walk: the packet as rewritten so far and what the targets decided. */
export interface EvalContext {
  readonly input: TableInput;
  readonly hook: Hook;
  readonly table: IptablesTableName;
  /**
   * The packet as rewritten by MARK, NAT and TPROXY so far: the input packet itself until a target
   * writes (setSource, setDestination, setMark copy it first), so a walk that changes nothing
   * copies nothing.
   */
  packet: Packet;
  /** `packet.src` / `packet.dst` as unsigned 32-bit numbers (-1 when not IPv4). */
  src: number;
  dst: number;
  /** IP protocol number of the packet. */
  proto: number;
  /** TCP flag bits as in the header's 13th byte (FIN 0x01 ... CWR 0x80). */
  tcpFlags: number;
  /**
   * The connection, when the packet has one the kernel can use (`nf_ct_get` non-null): null when
   * conntrack is off, for untracked packets and for INVALID ones.
   */
  ct: CtView | null;
  /** The state conntrack matches see: UNTRACKED without conntrack or after NOTRACK, INVALID in raw. */
  ctState: CtState;
  ctMark: number;
  ctMarkChanged: boolean;
  nat: NatManip | null;
  notrack: boolean;
  /** `-j CT --zone N`: the zone conntrack will look the packet up in. */
  ctZone: number | null;
  rejectWith: string | null;
  tproxy: { address: string; port: number } | null;
  /** Why a match or target could not decide (set together with UNDECIDED / an `unknown` effect). */
  undecided: string | null;
  /** The rule being evaluated, for messages. */
  rule: CompiledRule | null;
}

const PROTOCOL_NUMBERS: Readonly<Record<Packet['proto'], number>> = { icmp: 1, tcp: 6, udp: 17 };

const address = (text: string): number => parseIpv4(text) ?? -1;

export function createContext(input: TableInput): EvalContext {
  const packet = input.packet;
  let tcpFlags = 0;
  for (const flag of packet.tcpFlags) tcpFlags |= TCP_FLAG_BITS[flag];
  // raw (priority -300) runs before conntrack (-200) attaches the connection: there nf_ct_get()
  // gives no connection and no UNTRACKED mark, which xt_conntrack/xt_state read as INVALID
  const beforeConntrack = input.table === 'raw';
  const raw = beforeConntrack ? null : input.ct;
  const usable = raw !== null && raw.state !== 'INVALID' && raw.state !== 'UNTRACKED';
  return {
    input,
    hook: input.hook,
    table: input.table,
    packet,
    src: address(packet.src),
    dst: address(packet.dst),
    proto: PROTOCOL_NUMBERS[packet.proto],
    tcpFlags,
    ct: usable ? raw : null,
    ctState: beforeConntrack ? 'INVALID' : raw === null ? 'UNTRACKED' : raw.state,
    ctMark: usable ? raw.mark >>> 0 : 0,
    ctMarkChanged: false,
    nat: null,
    notrack: false,
    ctZone: null,
    rejectWith: null,
    tproxy: null,
    undecided: null,
    rule: null,
  };
}

/** The walk's own packet, copied from the input on the first write. */
function writable(ctx: EvalContext): Packet {
  if (ctx.packet === ctx.input.packet) ctx.packet = { ...ctx.packet };
  return ctx.packet;
}

export function setSource(ctx: EvalContext, src: string, port: number | null): void {
  const packet = writable(ctx);
  packet.src = src;
  ctx.src = address(src);
  if (port !== null && packet.proto !== 'icmp') packet.sport = port;
}

export function setDestination(ctx: EvalContext, dst: string, port: number | null): void {
  const packet = writable(ctx);
  packet.dst = dst;
  ctx.dst = address(dst);
  if (port !== null && packet.proto !== 'icmp') packet.dport = port;
}

/** skb->mark as MARK, CONNMARK --restore-mark and TPROXY set it. */
export function setMark(ctx: EvalContext, mark: number): void {
  writable(ctx).mark = mark;
}

export function packetView(packet: Packet): PacketView {
  return withErrorFields(
    { src: packet.src, dst: packet.dst, sport: packet.sport, dport: packet.dport, mark: formatMark(packet.mark), ttl: packet.ttl },
    packet,
  );
}

/** `nat/KUBE-SVC-X rule 3`: where the current rule sits, for messages. */
export function ruleLocation(rule: CompiledRule): string {
  return `${rule.table}/${rule.chain} rule ${rule.position}`;
}
