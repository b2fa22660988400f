import { hasIpvs, IPVS_LOCAL_OUT_REQUEST, ipvsLocalOut } from '../ipvs/hooks';
import type { HookEntry } from '../netfilter/hook-priorities';
import type { Packet } from '../packet/packet';
import { formatMark } from '../packet/packet';
import { numberedTables } from '../routing/fib';
import { routeOutput, type OutputDecision } from '../routing/route-output';
import { dropPhrase } from '../walk/drop-phrase';
import { postroutingAndLeave } from './egress';
import { newPass, type HostPass } from '../walk/host-pass';
import { hostNotes, routesNotCaptured } from './notes';
import type { Advance, Position } from '../walk/position';
import { protoNumber } from '../walk/protocol';
import { runHook } from './run-hook';
import { addStep, dropped, multipathChoice, unknown, type Outcome, type Walk } from '../walk/walk';

function outputRoute(walk: Walk, pass: HostPass, src: string | null): OutputDecision {
  const p = pass.packet;
  const fib = pass.node.fib;
  if (fib === null) return { kind: 'unknown', reason: routesNotCaptured(pass.node), explanation: routesNotCaptured(pass.node) };
  return routeOutput(pass.node.host, fib, {
    src,
    dst: p.dst,
    mark: p.mark,
    proto: protoNumber(p.proto),
    sport: p.sport,
    dport: p.dport,
    tos: p.tos,
    oif: null,
    multipath: multipathChoice(walk, pass.node.host.name),
  });
}

/** Applies an output route to the pass; an Outcome when the route ends the path. */
function takeRoute(walk: Walk, pass: HostPass, decision: OutputDecision, prefix: string): Outcome | null {
  const host = pass.node.host.name;
  switch (decision.kind) {
    case 'unknown':
      return unknown(walk, host, 'routing', decision.reason, pass.packet, `${prefix}${decision.explanation}`);
    case 'drop':
      addStep(walk, host, 'routing', pass.packet, `${prefix}${decision.explanation}`);
      return dropped(walk, host, decision.reason, pass.packet, dropPhrase(decision.reason));
    case 'local':
      pass.packet = { ...pass.packet, src: decision.src };
      pass.outIface = 'lo';
      pass.nexthop = pass.packet.dst;
      pass.broadcast = false;
      addStep(walk, host, 'routing', pass.packet, `${prefix}${decision.explanation}`, { iface: 'lo' });
      return null;
    case 'out':
      pass.packet = { ...pass.packet, src: decision.src };
      pass.outIface = decision.egress.dev;
      pass.nexthop = decision.egress.nexthop;
      pass.broadcast = false;
      addStep(walk, host, 'routing', pass.packet, `${prefix}${decision.explanation}`, { iface: decision.egress.dev });
      return null;
    case 'broadcast':
      pass.packet = { ...pass.packet, src: decision.src };
      pass.outIface = decision.dev;
      pass.nexthop = pass.packet.dst;
      pass.broadcast = true;
      addStep(walk, host, 'routing', pass.packet, `${prefix}${decision.explanation}`, { iface: decision.dev });
      return null;
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}

function changes(before: Packet, after: Packet, table: string): string | null {
  const what: string[] = [];
  if (table === 'mangle') {
    if (before.mark !== after.mark) what.push(`the mark ${formatMark(before.mark)} → ${formatMark(after.mark)}`);
    if (before.src !== after.src) what.push(`the source ${before.src} → ${after.src}`);
    if (before.tos !== after.tos) what.push(`the TOS ${before.tos} → ${after.tos}`);
  }
  if (before.dst !== after.dst) what.push(`the destination ${before.dst} → ${after.dst}`);
  return what.length === 0 ? null : what.join(', ');
}

/**
 * A packet sent by a process in `<host>`: the output route (choosing the source when none is
 * given), OUTPUT, a new route when mangle changed the mark/addresses or nat changed the
 * destination (ip_route_me_harder), then POSTROUTING.
 */
export function originate(walk: Walk, pos: Extract<Position, { kind: 'originate' }>): Advance {
  const node = walk.snapshot.hosts.get(pos.host);
  if (node === undefined)
    return { disposition: 'UNKNOWN', dropReason: `no host ${pos.host}`, host: pos.host, iface: null, packet: pos.packet };
  const host = node.host.name;
  const pass = newPass(node, pos.packet, null);
  const attached = pos.made?.attached ?? null;
  if (attached !== null) {
    // nf_ct_attach: the error or reset carries the request's connection, RELATED in the other direction
    pass.tracked = { kind: 'related', conn: attached.conn, direction: attached.requestDirection === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL' };
    pass.keepConnection = true;
    pass.keptBecause = "made by the kernel for the packet it stopped, and attached to that packet's connection (nf_ct_attach)";
    pass.natInitialized = attached.natInitialized;
  }
  const fib = node.fib;
  if (fib === null)
    return unknown(
      walk,
      host,
      'routing',
      routesNotCaptured(node),
      pass.packet,
      `${routesNotCaptured(node)}, so the route to ${pass.packet.dst} is unknown`,
    );
  if (fib.rulesAssumed && numberedTables(fib).length > 0) {
    const reason = `hosts/${host}/ip-rule.* was not captured and the routes use table ${numberedTables(fib).join(', ')}`;
    return unknown(walk, host, 'routing', reason, pass.packet, reason);
  }
  const src = pos.packet.src === '0.0.0.0' ? null : pos.packet.src;
  const first = takeRoute(
    walk,
    pass,
    outputRoute(walk, pass, src),
    `${pos.made?.why ?? `sent by a process in ${host}`}${hostNotes(node)}: `,
  );
  if (first !== null) return first;
  const reroute = (entry: HookEntry, before: Packet): Outcome | null => {
    if (entry.kind !== 'table' || (entry.table !== 'mangle' && entry.table !== 'nat')) return null;
    const changed = changes(before, pass.packet, entry.table);
    if (changed === null) return null;
    return takeRoute(
      walk,
      pass,
      outputRoute(walk, pass, pass.packet.src),
      `re-routed (ip_route_me_harder) because ${entry.table} OUTPUT changed ${changed}: `,
    );
  };
  if (hasIpvs(node)) {
    const early = runHook(walk, pass, 'OUTPUT', reroute, { below: IPVS_LOCAL_OUT_REQUEST });
    if (early !== null) return early;
    const ipvs = ipvsLocalOut(walk, pass, { runHook, sendOut: postroutingAndLeave });
    if (ipvs.kind === 'stolen') return ipvs.advance;
    const late = runHook(walk, pass, 'OUTPUT', reroute, { from: IPVS_LOCAL_OUT_REQUEST });
    if (late !== null) return late;
    return postroutingAndLeave(walk, pass);
  }
  const out = runHook(walk, pass, 'OUTPUT', reroute);
  if (out !== null) return out;
  return postroutingAndLeave(walk, pass);
}
