import { asymmetricRpFilterDiagnosis } from '../diagnosis/rp-filter-asymmetric';
import { parseIpv4 } from '../net/ipv4';
import { addressOwner } from '../routing/addresses';
import { numberedTables } from '../routing/fib';
import { routeInput } from '../routing/route-input';
import { bridgeOf } from '../topology/bridge';
import { bridgeFrame } from './bridging';
import { deliver } from './deliver';
import { dropPhrase } from './drop-phrase';
import { postroutingAndLeave } from './egress';
import { newPass } from './host-pass';
import { hostNotes, routesNotCaptured } from './notes';
import type { Advance, Position } from './position';
import { protoNumber } from './protocol';
import { runHook } from './run-hook';
import { addDiagnosis, addStep, dropped, unknown, type Walk } from './walk';

/**
 * The state that makes a second arrival a loop: a routed loop decrements the TTL on every pass,
 * so it ends in TTL_EXCEEDED as in the kernel; only a packet that comes back unchanged (switched
 * at L2, or translated back and forth without forwarding) repeats.
 */
const loopKey = (host: string, iface: string, p: Extract<Position, { kind: 'arrive' }>['packet']): string =>
  [host, iface, p.proto, p.src, p.sport, p.dst, p.dport, p.icmpType, p.icmpId, p.mark, p.ttl, p.tos].join('|');

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
  const key = loopKey(host, port, pos.packet);
  walk.hops++;
  if (walk.visited.has(key) || walk.hops > walk.options.maxHops) {
    const why = walk.visited.has(key) ? `the same packet arrives on ${host}:${port} a second time` : `more than ${walk.options.maxHops} hops`;
    return dropped(walk, host, 'LOOP', pos.packet, `routing loop: ${why}`, port);
  }
  walk.visited.add(key);
  // A bridge port hands frames for the host to IP on the bridge device; others are switched.
  const bridge = bridgeOf(node.host, port);
  const l2Target = pos.l2Target;
  if (bridge !== null && l2Target !== undefined && addressOwner(node.host, parseIpv4(l2Target) ?? 0) === null) {
    addStep(walk, host, 'interface', pos.packet, `arrives on ${host}:${port}, a port of bridge ${bridge}${hostNotes(node)}`, { iface: port });
    return bridgeFrame(walk, node, bridge, pos, l2Target);
  }
  const iface = bridge ?? port;
  const kind = pos.broadcast === true ? `a link-layer broadcast arrives on ${host}:${port}` : `arrives on ${host}:${port}`;
  const onBridge = bridge === null ? '' : pos.broadcast === true ? `, a port of bridge ${bridge}: the bridge floods it and IP receives it on ${bridge}` : `, a port of bridge ${bridge}: IP receives it on ${bridge}`;
  addStep(walk, host, 'interface', pos.packet, `${kind}${onBridge}${hostNotes(node)}`, { iface: port });
  const pass = newPass(node, pos.packet, iface);
  const pre = runHook(walk, pass, 'PREROUTING');
  if (pre !== null) return pre;
  const fib = node.fib;
  if (fib === null) return unknown(walk, host, 'routing', routesNotCaptured(node), pass.packet, `${routesNotCaptured(node)}, so the input route of ${pass.packet.dst} is unknown`);
  if (fib.rulesAssumed && numberedTables(fib).length > 0) {
    const reason = `hosts/${host}/ip-rule.* was not captured and the routes use table ${numberedTables(fib).join(', ')}`;
    return unknown(walk, host, 'routing', reason, pass.packet, reason);
  }
  const p = pass.packet;
  const decision = routeInput(node.host, fib, {
    src: p.src,
    dst: p.dst,
    iif: iface,
    mark: p.mark,
    proto: protoNumber(p.proto),
    sport: p.sport,
    dport: p.dport,
    tos: p.tos,
    multipath: walk.options.multipath,
  });
  switch (decision.kind) {
    case 'unknown':
      return unknown(walk, host, 'routing', decision.reason, p, decision.explanation);
    case 'drop':
      addStep(walk, host, 'routing', p, decision.explanation, { iface });
      return dropped(walk, host, decision.reason, p, dropPhrase(decision.reason));
    case 'source-invalid': {
      addStep(walk, host, 'routing', p, decision.explanation, { iface });
      if (decision.rp.failure === 'rpf' && decision.rp.setting.mode === 'strict') {
        const d = asymmetricRpFilterDiagnosis(node.host, fib, decision.check);
        if (d !== null) addDiagnosis(walk, d);
      }
      addStep(walk, host, 'rp_filter', p, decision.rp.explanation, { iface });
      return dropped(
        walk,
        host,
        'RP_FILTER',
        p,
        decision.rp.failure === 'martian' ? `martian source ${p.src} on ${iface}: dropped by source validation` : `dropped by the reverse-path filter on ${iface} (rp_filter ${decision.rp.setting.mode})`,
        iface,
      );
    }
    case 'local':
      addStep(walk, host, 'routing', p, decision.explanation, { iface });
      addStep(walk, host, 'rp_filter', p, decision.rp.explanation, { iface });
      return deliver(walk, pass);
    case 'forward': {
      const egress = decision.egress;
      addStep(walk, host, 'routing', p, decision.explanation, { iface: egress.dev });
      addStep(walk, host, 'rp_filter', p, decision.rp.explanation, { iface });
      // ip_forward: a frame that was not addressed to this host (pkt_type != PACKET_HOST) is never forwarded
      if (pos.broadcast === true) return dropped(walk, host, 'NOT_FORWARDING', p, `${p.dst} came as a link-layer broadcast: ip_forward drops frames not addressed to this host`, iface);
      if (p.ttl <= 1) return dropped(walk, host, 'TTL_EXCEEDED', p, `TTL ${p.ttl} cannot be decremented on forwarding: dropped, ICMP time exceeded goes back to ${p.src}`);
      pass.packet = { ...p, ttl: p.ttl - 1 };
      pass.outIface = egress.dev;
      pass.nexthop = egress.nexthop;
      const fwd = runHook(walk, pass, 'FORWARD');
      if (fwd !== null) return fwd;
      return postroutingAndLeave(walk, pass);
    }
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}
