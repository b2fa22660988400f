import type { OvnSwitchPort } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Walk } from '../walk/walk';
import type { CompiledSwitch } from '../ovn/compiled-ovn';
import { OvnConntrack, type OvnConnection } from '../ovn/ovn-conntrack';
import { ovnStep } from './ovn-step';

/** The conntrack state a switch pipeline sees after ls_in/ls_out_pre_stateful. */
export interface SwitchCt {
  packet: Packet;
  /** Null when the packet is not tracked here (stateless switch, or a router port's traffic). */
  zone: string | null;
  state: 'untracked' | 'new' | 'est';
  reply: boolean;
  conn: OvnConnection | null;
  /** The new connection has been committed in this pass (by an ACL or a load balancer): once only. */
  committed: boolean;
}

/** Every logical switch port has its own conntrack zone on its chassis. */
export const ctZoneOfPort = (port: OvnSwitchPort): string => `lsp:${port.name}`;

/** A switch tracks connections when it has load balancers or stateful ACLs (ls_in_pre_lb, ls_in_pre_acl). */
export const switchIsStateful = (sw: CompiledSwitch): boolean => sw.vips.size > 0 || sw.statefulAcls;

/**
 * ls_in_pre_stateful / ls_out_pre_stateful: `ct_lb` (or `ct_next`) in the port's zone. An
 * established connection gets its NAT applied (a load-balanced reply is un-DNATed here).
 */
export function switchConntrack(
  walk: Walk,
  sw: CompiledSwitch,
  zone: string | null,
  input: Packet,
  stage: 'ls_in_pre_stateful' | 'ls_out_pre_stateful',
): SwitchCt {
  if (zone === null || !switchIsStateful(sw))
    return { packet: input, zone: null, state: 'untracked', reply: false, conn: null, committed: false };
  const found = walk.ovnCt.lookup(zone, input);
  if (found.state === 'new') return { packet: input, zone, state: 'new', reply: false, conn: null, committed: false };
  const packet = OvnConntrack.applyNat(input, found, 'both');
  const changed = packet.src !== input.src || packet.dst !== input.dst || packet.sport !== input.sport || packet.dport !== input.dport;
  const what = changed
    ? `: NAT of the connection applied, ${input.src}:${input.sport} -> ${input.dst}:${input.dport} becomes ${packet.src}:${packet.sport} -> ${packet.dst}:${packet.dport}`
    : '';
  ovnStep(
    walk,
    sw.name,
    stage,
    packet,
    `conntrack zone of ${zone.slice(4)}: ${found.reply ? 'a reply of' : 'a packet of'} the established connection (${found.conn.origin})${what}.`,
  );
  return { packet, zone, state: 'est', reply: found.reply, conn: found.conn, committed: false };
}
