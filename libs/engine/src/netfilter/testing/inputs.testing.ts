import type { IptablesTableName } from '@hookpath/model';
import type { CtView } from '../../conntrack/ct-view';
import { packetFromSpec, type Packet, type PacketSpec } from '../../packet/packet';
import type { Hook } from '../../packet/hooks';
import type { AddressType, NetfilterEnvironment, TableInput } from '../table-evaluation';

/** Test code only: a host whose local addresses are `local`, with fixed MASQUERADE/REDIRECT answers. */
export function environment(
  local: readonly string[] = ['192.168.1.10', '127.0.0.1'],
  masquerade: string | null = '192.168.1.10',
): NetfilterEnvironment & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    addressType(address: string, limitIface?: string): AddressType {
      calls.push(`addressType ${address}${limitIface === undefined ? '' : ` ${limitIface}`}`);
      if (local.includes(address)) return 'LOCAL';
      if (address === '255.255.255.255') return 'BROADCAST';
      if (/^2(2[4-9]|3[0-9])\./.test(address)) return 'MULTICAST';
      return 'UNICAST';
    },
    masqueradeSource(outIface: string, nexthop: string): string | null {
      calls.push(`masqueradeSource ${outIface} ${nexthop}`);
      return masquerade;
    },
    redirectDestination(inIface: string | null): string | null {
      calls.push(`redirectDestination ${inIface ?? '-'}`);
      return inIface === null ? '127.0.0.1' : '192.168.1.10';
    },
  };
}

/** A connection for `packet`, NEW and unconfirmed unless told otherwise. */
export function connection(packet: Packet, overrides: Partial<CtView> = {}): CtView {
  const sport = packet.proto === 'icmp' ? packet.icmpId : packet.sport;
  const dport = packet.proto === 'icmp' ? packet.icmpId : packet.dport;
  return {
    state: 'NEW',
    direction: 'ORIGINAL',
    confirmed: false,
    original: { proto: packet.proto, src: packet.src, dst: packet.dst, sport, dport },
    reply: { proto: packet.proto, src: packet.dst, dst: packet.src, sport: dport, dport: sport },
    status: { seenReply: false, assured: false, snat: false, dnat: false, expected: false },
    mark: 0,
    entry: null,
    ...overrides,
  };
}

export interface InputSpec extends Partial<Omit<TableInput, 'packet' | 'ct'>> {
  packet?: Partial<Packet> & PacketSpec;
  /** A connection for the packet (NEW, unconfirmed) unless given; null for none. */
  ct?: CtView | null | Partial<CtView>;
}

const DEFAULT_IFACES: Readonly<Record<Hook, [string | null, string | null]>> = {
  PREROUTING: ['eth0', null],
  INPUT: ['eth0', null],
  FORWARD: ['eth0', 'eth1'],
  OUTPUT: [null, 'eth1'],
  POSTROUTING: ['eth0', 'eth1'],
};

export function tableInput(table: IptablesTableName, hook: Hook, spec: InputSpec = {}): TableInput {
  const { packet: packetSpec, ct, ...rest } = spec;
  const base = packetSpec ?? { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp' as const, dport: 80 };
  const packet: Packet = { ...packetFromSpec(base), ...base };
  const [inIface, outIface] = DEFAULT_IFACES[hook];
  const connectionOf = (): CtView | null => {
    if (ct === null) return null;
    if (ct === undefined) return connection(packet);
    return 'original' in ct && ct.original !== undefined ? (ct as CtView) : connection(packet, ct);
  };
  return {
    host: 'h1',
    table,
    hook,
    inIface,
    outIface,
    nexthop: null,
    packet,
    ct: connectionOf(),
    env: environment(),
    ...rest,
  };
}
