import { decideAt } from '../branches/choice-point';
import type { OvnRouterPolicy } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Outcome, Walk } from '../walk/walk';
import type { CompiledRouter, RouterPortRef } from '../ovn/compiled-ovn';
import { evaluateMatch } from '../ovn/match';
import { ovnDrop, ovnStep, ovnUnknown, rowObject } from './ovn-step';
import { packetMatchEnv } from '../ovn/packet-match-env';
import { portReaching, type RouteDecision } from '../ovn/route-decision';

export const policyText = (p: OvnRouterPolicy): string =>
  `priority ${p.priority} match "${p.match}" ${p.action}${p.nexthops.length > 0 ? ` ${p.nexthops.join(',')}` : ''}`;

/** The reroute next hop to follow: a branch per next hop (equal weights) under the branch driver, else `multipath`. */
function rerouteMember(walk: Walk, router: string, policy: OvnRouterPolicy): number {
  const decide = walk.options.decide;
  if (decide === undefined || walk.options.multipathPinned === true) return walk.options.multipath % policy.nexthops.length;
  return decideAt(decide, {
    host: router,
    kind: 'ovn-ecmp',
    rule: policyText(policy),
    among: [...policy.nexthops],
    weights: policy.nexthops.map(() => 1),
  });
}

/**
 * lr_in_policy (after routing): the highest-priority policy whose match holds: allow keeps the
 * route, drop drops, reroute replaces the next hop (and the output port that reaches it).
 */
export function routerPolicyStage(
  walk: Walk,
  lr: CompiledRouter,
  inport: RouterPortRef,
  packet: Packet,
  routed: RouteDecision,
): RouteDecision | Outcome {
  const ovn = walk.snapshot.ovn;
  if (ovn === null || lr.policies.length === 0) return routed;
  const env = packetMatchEnv(ovn, packet, inport.port.name, null, null);
  // the policies whose match may hold, in order (kube-ovn writes two per node)
  for (const row of lr.policyIndex.candidates(env)) {
    const { policy } = lr.policies[row];
    if (policy.matchExpr === undefined || policy.matchExpr === null)
      return ovnUnknown(walk, lr.name, 'lr_in_policy', `the match of router policy ${policyText(policy)} could not be read`, packet);
    const result = evaluateMatch(policy.matchExpr, env);
    if ('unknown' in result)
      return ovnUnknown(
        walk,
        lr.name,
        'lr_in_policy',
        `router policy ${policyText(policy)} tests ${result.unknown}, which the engine does not know for this packet`,
        packet,
      );
    if (!result.value) continue;
    // the row's owner and text only for the policy that matches (a router may have hundreds)
    const object = rowObject(walk, 'Logical_Router_Policy', policy, policyText(policy), { router: lr.name });
    switch (policy.action) {
      case 'allow':
        ovnStep(
          walk,
          lr.name,
          'lr_in_policy',
          packet,
          `Router ${lr.name}: policy ${policyText(policy)} allows the packet; the route stays (${routed.text}).`,
          { object },
        );
        return routed;
      case 'drop':
        return ovnDrop(
          walk,
          lr.name,
          'lr_in_policy',
          'OVN_POLICY',
          packet,
          `Router ${lr.name}: dropped by policy ${policyText(policy)}.`,
          object,
        );
      case 'reroute': {
        const pinned = policy.nexthops.find((n) => n === walk.options.choose);
        const nexthop = pinned ?? policy.nexthops[policy.nexthops.length > 1 ? rerouteMember(walk, lr.name, policy) : 0];
        if (nexthop === undefined)
          return ovnUnknown(walk, lr.name, 'lr_in_policy', `router policy ${policyText(policy)} reroutes without a next hop`, packet);
        const outport = portReaching(lr, nexthop);
        if (outport === undefined)
          return ovnDrop(
            walk,
            lr.name,
            'lr_in_policy',
            'OVN_NO_ROUTE',
            packet,
            `Router ${lr.name}: policy ${policyText(policy)} reroutes to ${nexthop}, which no port of ${lr.name} reaches: dropped.`,
            object,
          );
        const ecmp =
          policy.nexthops.length > 1 ? ` (one of ${policy.nexthops.join(', ')}, chosen per flow by hash: following ${nexthop})` : '';
        ovnStep(
          walk,
          lr.name,
          'lr_in_policy',
          { ...packet, srcMac: outport.port.mac.toLowerCase() },
          `Router ${lr.name}: policy ${policyText(policy)} reroutes to ${nexthop}${ecmp}: reg0 = ${nexthop}, outport = "${outport.port.name}" instead of ${routed.text}.`,
          { object, iface: outport.port.name },
        );
        return { nexthop, outport, text: `policy ${policyText(policy)}` };
      }
      default: {
        const unreachable: never = policy.action;
        return unreachable;
      }
    }
  }
  ovnStep(
    walk,
    lr.name,
    'lr_in_policy',
    packet,
    `Router ${lr.name}: none of its ${lr.policies.length} policies matches; the route stays (${routed.text}).`,
  );
  return routed;
}
