import { bridgeOf } from '../topology/bridge';
import { bridgeArrival } from './bridging';
import { newPass } from '../walk/host-pass';
import { hostNotes } from './notes';
import type { Packet } from '../packet/packet';
import type { Advance, Position } from '../walk/position';
import { routeArrival } from './route-arrival';
import { runHook } from './run-hook';
import { addStep, dropped, type Walk } from '../walk/walk';

/**
 * The state that makes a second arrival a loop: a routed loop decrements the TTL on every pass,
 * so it ends in TTL_EXCEEDED as in the kernel; only a packet that comes back unchanged (switched
 * at L2, or translated back and forth without forwarding) repeats.
 */
function arrivedBefore(walk: Walk, host: string, iface: string, p: Packet): boolean {
  for (const a of walk.arrivals ?? []) {
    const q = a.packet;
    if (
      a.host === host &&
      a.iface === iface &&
      q.proto === p.proto &&
      q.src === p.src &&
      q.sport === p.sport &&
      q.dst === p.dst &&
      q.dport === p.dport &&
      q.icmpType === p.icmpType &&
      q.icmpId === p.icmpId &&
      q.mark === p.mark &&
      q.ttl === p.ttl &&
      q.tos === p.tos
    )
      return true;
  }
  return false;
}

/**
 * A packet arriving on `<host>:<iface>`: PREROUTING, the input route (with rp_filter on the
 * translated packet, oracle fact 5), then INPUT and a local socket, or FORWARD and POSTROUTING.
 */
export function arrive(walk: Walk, pos: Extract<Position, { kind: 'arrive' }>): Advance {
  const host = pos.host;
  const port = pos.iface;
  const node = walk.snapshot.hosts.get(host);
  if (node === undefined) {
    addStep(walk, host, 'interface', pos.packet, `${host} is not in the snapshot: the packet leaves the modelled world`, { iface: port });
    return { disposition: 'EXITED', dropReason: null, host, iface: port, packet: pos.packet };
  }
  walk.hops++;
  const again = arrivedBefore(walk, host, port, pos.packet);
  if (again || walk.hops > walk.options.maxHops) {
    const why = again ? `the same packet arrives on ${host}:${port} a second time` : `more than ${walk.options.maxHops} hops`;
    return dropped(walk, host, 'LOOP', pos.packet, `routing loop: ${why}`, port);
  }
  (walk.arrivals ??= []).push({ host, iface: port, packet: pos.packet });
  // A bridge port hands frames for the host to IP on the bridge device; others are switched.
  const bridge = bridgeOf(node.host, port);
  if (bridge !== null) {
    const bridged = bridgeArrival(walk, node, bridge, pos);
    if (bridged !== null) return bridged;
  }
  const iface = bridge ?? port;
  const kind = pos.broadcast === true ? `a link-layer broadcast arrives on ${host}:${port}` : `arrives on ${host}:${port}`;
  const onBridge =
    bridge === null
      ? ''
      : pos.broadcast === true
        ? `, a port of bridge ${bridge}: the bridge floods it and IP receives it on ${bridge}`
        : `, a port of bridge ${bridge}: IP receives it on ${bridge}`;
  addStep(walk, host, 'interface', pos.packet, `${kind}${onBridge}${hostNotes(node)}`, { iface: port });
  const pass = newPass(node, pos.packet, iface);
  const pre = runHook(walk, pass, 'PREROUTING');
  if (pre !== null) return pre;
  return routeArrival(walk, pass, pos.broadcast === true);
}
