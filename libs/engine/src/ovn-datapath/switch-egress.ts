import type { OvnSwitchPort } from '@hookpath/model';
import type { Packet } from '../packet/packet';
import type { Walk } from '../walk/walk';
import { aclStage } from './acl-stage';
import type { CompiledOvn, CompiledSwitch } from '../ovn/compiled-ovn';
import type { OvnAdvance } from '../walk/ovn-hop';
import { ovnDrop, ovnStep, ovnUnknown } from './ovn-step';
import { portSecurityOut } from '../ovn/port-security';
import { ctZoneOfPort, switchConntrack } from './switch-conntrack';

/**
 * A switch's egress pipeline towards `outport`: conntrack in the output port's zone (a router
 * port's traffic is not tracked: `ct_clear`), to-lport ACLs, egress port security; then the
 * packet leaves by the port — into the peer router for a router port, out of OVN otherwise.
 */
export function switchEgress(
  walk: Walk,
  ovn: CompiledOvn,
  sw: CompiledSwitch,
  inport: OvnSwitchPort,
  outport: OvnSwitchPort,
  input: Packet,
): OvnAdvance {
  const name = sw.name;
  const toRouter = outport.type === 'router';
  const ct = switchConntrack(walk, sw, toRouter ? null : ctZoneOfPort(outport), input, 'ls_out_pre_stateful');
  const packet = ct.packet;
  const acl = aclStage(walk, sw, 'ls_out_acl', inport, outport, packet, ct);
  if (acl !== null) return acl;
  const security = portSecurityOut(outport, packet);
  if (security !== null && !security.allowed)
    return ovnDrop(walk, name, 'ls_out_apply_port_sec', 'OVN_PORT_SECURITY', packet, security.explanation);
  if (!toRouter) {
    ovnStep(
      walk,
      name,
      'ls_out_apply_port_sec',
      packet,
      `output to "${outport.name}"${outport.type === '' ? '' : ` (type ${outport.type})`}.`,
      { iface: outport.name },
    );
    return { at: 'port', sw, port: outport, packet };
  }
  const peer = outport.routerPort === null ? undefined : ovn.routerPorts.get(outport.routerPort);
  if (peer === undefined)
    return ovnUnknown(
      walk,
      name,
      'ls_out_apply_port_sec',
      `${outport.name} is a router port whose router port ${outport.routerPort ?? '(options:router-port unset)'} is not in the snapshot`,
      packet,
    );
  ovnStep(
    walk,
    name,
    'ls_out_apply_port_sec',
    packet,
    `output to "${outport.name}", patched to router port ${peer.port.name} of ${peer.lr.name}.`,
    { iface: outport.name },
  );
  return { at: 'lr_in', lr: peer.lr, inport: peer, packet };
}
