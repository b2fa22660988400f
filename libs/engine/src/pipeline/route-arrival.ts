import { asymmetricRpFilterDiagnosis } from '../routing/rp-filter-asymmetric';
import { numberedTables } from '../routing/fib';
import { routeInput } from '../routing/route-input';
import { ipvsReply } from '../ipvs/hooks';
import { deliver } from './deliver';
import { dropPhrase } from '../walk/drop-phrase';
import { postroutingAndLeave } from './egress';
import type { HostPass } from '../walk/host-pass';
import { routesNotCaptured } from './notes';
import type { Advance } from '../walk/position';
import { protoNumber } from '../walk/protocol';
import { runHook } from './run-hook';
import { addDiagnosis, addStep, dropped, multipathChoice, unknown, type Outcome, type Walk } from '../walk/walk';
import { attachedOf, routeError } from '../walk/error-reply';
import type { DropReason } from '../trace/trace';

/**
 * The ICMP error ip_error or ip_forward sends for a packet stopped by its input route (`NO_ROUTE`
 * only when no route matched at all; a martian destination gets none).
 */
function provoking(outcome: Outcome, pass: HostPass, reason: DropReason | null): Outcome {
  if (
    (reason !== 'UNREACHABLE' && reason !== 'PROHIBIT' && reason !== 'NO_ROUTE' && reason !== 'TTL_EXCEEDED') ||
    pass.packet.inner !== undefined
  )
    return outcome;
  const error = routeError(pass.node.host, pass.inIface ?? '', reason);
  return error === null ? outcome : { ...outcome, provoked: { error, attached: attachedOf(pass.tracked) } };
}

/**
 * After PREROUTING: the input route (with rp_filter on the translated packet, oracle fact 5),
 * then INPUT and a local socket, or FORWARD and POSTROUTING. `broadcast`: the frame came to the
 * link-layer broadcast address.
 */
export function routeArrival(walk: Walk, pass: HostPass, broadcast: boolean): Advance {
  const node = pass.node;
  const host = node.host.name;
  const iface = pass.inIface ?? '';
  const fib = node.fib;
  if (fib === null)
    return unknown(
      walk,
      host,
      'routing',
      routesNotCaptured(node),
      pass.packet,
      `${routesNotCaptured(node)}, so the input route of ${pass.packet.dst} is unknown`,
    );
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
    multipath: multipathChoice(walk, host),
  });
  switch (decision.kind) {
    case 'unknown':
      return unknown(walk, host, 'routing', decision.reason, p, decision.explanation);
    case 'drop':
      addStep(walk, host, 'routing', p, decision.explanation, { iface });
      return provoking(
        dropped(walk, host, decision.reason, p, dropPhrase(decision.reason)),
        pass,
        decision.reason !== 'NO_ROUTE' || decision.lookupFailed === true ? decision.reason : null,
      );
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
        decision.rp.failure === 'martian'
          ? `martian source ${p.src} on ${iface}: dropped by source validation`
          : `dropped by the reverse-path filter on ${iface} (rp_filter ${decision.rp.setting.mode})`,
        iface,
      );
    }
    case 'local':
      addStep(walk, host, 'routing', p, decision.explanation, { iface });
      addStep(walk, host, 'rp_filter', p, decision.rp.explanation, { iface });
      return deliver(walk, pass, postroutingAndLeave);
    case 'forward': {
      const egress = decision.egress;
      addStep(walk, host, 'routing', p, decision.explanation, { iface: egress.dev });
      addStep(walk, host, 'rp_filter', p, decision.rp.explanation, { iface });
      // ip_forward: a frame that was not addressed to this host (pkt_type != PACKET_HOST) is never forwarded
      if (broadcast)
        return dropped(
          walk,
          host,
          'NOT_FORWARDING',
          p,
          `${p.dst} came as a link-layer broadcast: ip_forward drops frames not addressed to this host`,
          iface,
        );
      if (p.ttl <= 1)
        return provoking(
          dropped(
            walk,
            host,
            'TTL_EXCEEDED',
            p,
            `TTL ${p.ttl} cannot be decremented on forwarding: dropped, ICMP time exceeded goes back to ${p.src}`,
          ),
          pass,
          'TTL_EXCEEDED',
        );
      pass.packet = { ...p, ttl: p.ttl - 1 };
      pass.outIface = egress.dev;
      pass.nexthop = egress.nexthop;
      const fwd = runHook(walk, pass, 'FORWARD');
      if (fwd !== null) return fwd;
      const ipvs = ipvsReply(walk, pass, 'FORWARD');
      if (ipvs !== null) return ipvs;
      return postroutingAndLeave(walk, pass);
    }
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}
