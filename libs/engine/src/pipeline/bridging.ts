import { parseIpv4 } from '../net/ipv4';
import { addressOwner } from '../routing/addresses';
import { sysctlNumber } from '../routing/sysctl';
import { bridgeReach } from '../topology/bridge';
import type { CompiledHost } from './compiled';
import type { Advance, Position } from './position';
import { addStep, dropped, unknown, type Walk } from './walk';

type Arrival = Extract<Position, { kind: 'arrive' }>;

/**
 * Whether bridged IPv4 passes iptables: the namespace's net.bridge.bridge-nf-call-iptables or the
 * bridge's own nf_call_iptables (oracle facts 4 and 9). Null when the snapshot does not say.
 */
function callsIptables(node: CompiledHost, bridge: string): { on: boolean; source: string } | null {
  const attr = node.host.interfaces?.find((i) => i.name === bridge)?.bridge?.nfCallIptables;
  if (attr === true) return { on: true, source: `${bridge} nf_call_iptables 1` };
  const value = sysctlNumber(node.host, 'net.bridge.bridge-nf-call-iptables');
  if (value === null) return null;
  return { on: value !== 0, source: `net.bridge.bridge-nf-call-iptables = ${value}` };
}

/**
 * A frame for another machine on the bridge is switched at L2, port to port. With br_netfilter
 * off, iptables never sees it; with it on, the bridged packet would pass the iptables hooks,
 * which this engine version does not model, so the trace says UNKNOWN there.
 */
export function bridgeFrame(walk: Walk, node: CompiledHost, bridge: string, pos: Arrival, l2Target: string): Advance {
  const host = node.host.name;
  const setting = callsIptables(node, bridge);
  if (setting === null) {
    const reason = `whether bridged IPv4 on ${host}:${bridge} passes iptables (net.bridge.bridge-nf-call-iptables) was not captured`;
    return unknown(walk, host, 'bridge', reason, pos.packet, reason);
  }
  if (setting.on) {
    const reason = `bridged IPv4 through iptables (br_netfilter, ${setting.source}) is not modelled in this engine version`;
    return unknown(walk, host, 'bridge', reason, pos.packet, `${pos.iface} is a port of ${bridge} and the frame is for ${l2Target}, another machine on the bridge: ${reason}`);
  }
  const target = parseIpv4(l2Target) ?? 0;
  const reach = bridgeReach(walk.snapshot.wiring, node.host, bridge, pos.iface);
  const members = reach.segment.members.map((m) => ({ m, owner: (() => {
    const other = walk.snapshot.hosts.get(m.host);
    return other === undefined ? null : addressOwner(other.host, target);
  })() })).filter((x) => x.owner !== null);
  const to = members.find((x) => x.owner?.iface === x.m.iface) ?? members[0];
  if (to === undefined) {
    return dropped(walk, host, 'NO_NEIGHBOR', pos.packet, `${bridge} has no port leading to ${l2Target}`, bridge);
  }
  const port = reach.portOf.get(`${to.m.host}:${to.m.iface}`) ?? '?';
  addStep(walk, host, 'bridge', pos.packet, `bridged by ${bridge} from port ${pos.iface} to port ${port} towards ${l2Target} (${setting.source}: iptables does not see bridged frames)`, { iface: port });
  return { kind: 'arrive', host: to.m.host, iface: to.m.iface, packet: pos.packet, l2Target };
}
