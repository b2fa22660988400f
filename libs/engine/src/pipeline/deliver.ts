import { hasIpvs, IPVS_LOCAL_IN_FIRST, ipvsLocalIn } from '../ipvs/hooks';
import type { HostPass } from '../walk/host-pass';
import type { Advance, SendOut } from '../walk/position';
import { runHook } from './run-hook';
import { addStep, type Walk } from '../walk/walk';

/**
 * INPUT (with IPVS between security and nat INPUT where it is loaded), then the packet reaches a
 * local socket; a packet IPVS sends on to a real server leaves through `sendOut`.
 */
export function deliver(walk: Walk, pass: HostPass, sendOut: SendOut): Advance {
  if (hasIpvs(pass.node)) {
    const early = runHook(walk, pass, 'INPUT', undefined, { below: IPVS_LOCAL_IN_FIRST });
    if (early !== null) return early;
    const ipvs = ipvsLocalIn(walk, pass, { runHook, sendOut });
    if (ipvs.kind === 'stolen') return ipvs.advance;
    const late = runHook(walk, pass, 'INPUT', undefined, { from: IPVS_LOCAL_IN_FIRST });
    if (late !== null) return late;
  } else {
    const input = runHook(walk, pass, 'INPUT');
    if (input !== null) return input;
  }
  const host = pass.node.host.name;
  const p = pass.packet;
  const where = p.proto === 'icmp' ? `${p.dst} (icmp)` : `${p.dst}:${p.dport}/${p.proto}`;
  const socket = pass.tproxy === null ? `a local socket on ${where}` : `the TPROXY socket ${pass.tproxy.address}:${pass.tproxy.port}`;
  addStep(walk, host, 'deliver', p, `delivered to ${socket} in ${host}`, pass.inIface === null ? {} : { iface: pass.inIface });
  return { disposition: 'DELIVERED', dropReason: null, host, iface: null, packet: p };
}
