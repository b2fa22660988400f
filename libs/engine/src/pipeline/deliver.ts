import type { HostPass } from './host-pass';
import type { Outcome } from './walk';
import { runHook } from './run-hook';
import { addStep, type Walk } from './walk';

/** INPUT, then the packet reaches a local socket. */
export function deliver(walk: Walk, pass: HostPass): Outcome {
  const input = runHook(walk, pass, 'INPUT');
  if (input !== null) return input;
  const host = pass.node.host.name;
  const p = pass.packet;
  const where = p.proto === 'icmp' ? `${p.dst} (icmp)` : `${p.dst}:${p.dport}/${p.proto}`;
  const socket = pass.tproxy === null ? `a local socket on ${where}` : `the TPROXY socket ${pass.tproxy.address}:${pass.tproxy.port}`;
  addStep(walk, host, 'deliver', p, `delivered to ${socket} in ${host}`, pass.inIface === null ? {} : { iface: pass.inIface });
  return { disposition: 'DELIVERED', dropReason: null, host, iface: null, packet: p };
}
