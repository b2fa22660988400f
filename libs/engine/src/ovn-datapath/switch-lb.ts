import type { OvnSwitchPort } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Outcome, Walk } from '../walk/walk';
import { chooseBackend, findVip } from './choose-backend';
import { OvnConntrack } from '../ovn/ovn-conntrack';
import type { CompiledSwitch } from '../ovn/compiled-ovn';
import { ovnDrop, ovnStep, ovnUnknown, vipObject } from './ovn-step';
import type { SwitchCt } from './switch-conntrack';

/** The hairpin SNAT of a port lives in its own zone (OVN's SNAT zone of the port). */
export const hairpinZone = (zone: string): string => `hairpin:${zone}`;

/**
 * ls_in_nat_hairpin for replies (chk_lb_hairpin_reply): a reply to a hairpinned connection has its
 * SNAT undone and turns back to the client; the client's zone then undoes the DNAT on egress.
 */
export function hairpinReply(walk: Walk, sw: CompiledSwitch, packet: Packet, ct: SwitchCt): Packet | null {
  if (ct.zone === null || ct.state !== 'est') return null;
  const found = walk.ovnCt.lookup(hairpinZone(ct.zone), packet);
  if (found.state !== 'est' || !found.reply) return null;
  const after = OvnConntrack.applyNat(packet, found, 'both');
  ovnStep(
    walk,
    sw.name,
    'ls_in_nat_hairpin',
    after,
    `A reply of the hairpinned connection (${found.conn.origin}): ct_snat restores the destination ${after.dst}:${after.dport}.`,
  );
  return { ...after, srcMac: packet.dstMac, dstMac: packet.srcMac };
}

export type LbResult = { kind: 'next'; packet: Packet } | { kind: 'hairpin'; packet: Packet } | { kind: 'outcome'; outcome: Outcome };

/**
 * ls_in_lb: a new connection to a VIP of the switch's load balancers is DNATed to a backend
 * (`ct_lb_mark`), committed in the client port's zone; ls_in_nat_hairpin / ls_in_hairpin: when
 * the backend is the client itself, the source becomes the VIP and the packet turns back.
 */
export function switchLoadBalancing(walk: Walk, sw: CompiledSwitch, inport: OvnSwitchPort, packet: Packet, ct: SwitchCt): LbResult {
  if (ct.state !== 'new' || ct.zone === null) return { kind: 'next', packet };
  const vip = findVip(sw.vips, packet.dst, packet.proto, packet.dport);
  if (vip === undefined) return { kind: 'next', packet };
  const object = vipObject(walk, vip);
  const choice = chooseBackend(walk, vip, sw.name);
  if (choice === null)
    return {
      kind: 'outcome',
      outcome: ovnDrop(
        walk,
        sw.name,
        'ls_in_lb',
        'OVN_LB_NO_BACKEND',
        packet,
        `Load balancer ${vip.lb.name} VIP ${vip.vip} has no backends: the new connection is dropped.`,
        object,
      ),
    };
  const b = choice.backend;
  const after: Packet = { ...packet, dst: b.ip, dport: b.port ?? packet.dport };
  ct.conn = walk.ovnCt.commit(
    ct.zone,
    packet,
    { dst: { ip: b.ip, port: after.dport } },
    `ct_lb_mark to ${b.text} by ${vip.lb.name} on ${sw.name}`,
  );
  ct.committed = true;
  ovnStep(
    walk,
    sw.name,
    'ls_in_lb',
    after,
    `Load balancer ${vip.lb.name} (${vip.protocol}) VIP ${vip.vip}: backends ${vip.backends.map((x) => x.text).join(', ')}; ct_lb_mark DNATs to ${b.text} (${choice.how}), committed in the zone of ${inport.name}.`,
    { object },
  );
  if (after.dst !== after.src) return { kind: 'next', packet: after };
  // hairpin_snat_ip is applied by ovn-controller, not by a logical flow: ovn-trace shows the VIP, so
  // it cannot be checked here, and the trace stops rather than guess.
  const hairpinSnatIp = vip.lb.options?.hairpin_snat_ip;
  if (hairpinSnatIp !== undefined && hairpinSnatIp !== '') {
    return {
      kind: 'outcome',
      outcome: ovnUnknown(
        walk,
        sw.name,
        'ls_in_nat_hairpin',
        `load balancer ${vip.lb.name} has hairpin_snat_ip ${hairpinSnatIp}, which ovn-controller applies to hairpinned traffic; not modelled`,
        after,
      ),
    };
  }
  const snatIp = vip.ip;
  const hairpinned: Packet = { ...after, src: snatIp, srcMac: after.dstMac, dstMac: after.srcMac };
  walk.ovnCt.commit(hairpinZone(ct.zone), after, { src: { ip: snatIp } }, `hairpin SNAT to ${snatIp} by ${vip.lb.name} on ${sw.name}`);
  ovnStep(
    walk,
    sw.name,
    'ls_in_nat_hairpin',
    { ...after, src: snatIp },
    `The backend ${b.ip} is the client itself (hairpin): ct_snat_to_vip makes the source ${snatIp} (the VIP).`,
    { object },
  );
  return { kind: 'hairpin', packet: hairpinned };
}
