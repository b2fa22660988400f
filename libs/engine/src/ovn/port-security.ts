import type { OvnSwitchPort } from '@hookpath/model';
import { parseIpv4, parsePrefix, prefixContains } from '../net/ipv4';
import type { Packet } from '../packet/packet';

/** One `port_security` entry: a MAC and the IPv4 addresses or networks allowed with it. */
function entries(port: OvnSwitchPort): { mac: string; nets: string[] }[] {
  return (port.portSecurity ?? []).flatMap((entry) => {
    const [mac = '', ...rest] = entry.split(/\s+/).filter((t) => t !== '');
    return /^[0-9a-fA-F:]{17}$/.test(mac) ? [{ mac: mac.toLowerCase(), nets: rest.filter((r) => parsePrefix(r) !== null) }] : [];
  });
}

function inNets(nets: readonly string[], ip: string): boolean {
  const address = parseIpv4(ip);
  return (
    address !== null &&
    nets.some((n) => {
      const prefix = parsePrefix(n);
      return prefix !== null && prefixContains(prefix, address);
    })
  );
}

/** ls_in_check_port_sec: the frame's source MAC (and IP, when listed) must be one the port may use. Null when the port has none. */
export function portSecurityIn(port: OvnSwitchPort, packet: Packet): { allowed: boolean; explanation: string } | null {
  const list = entries(port);
  if (list.length === 0) return null;
  const mac = packet.srcMac;
  const entry = list.find((e) => e.mac === mac);
  if (entry === undefined)
    return {
      allowed: false,
      explanation: `Port security of ${port.name} allows source MACs ${list.map((e) => e.mac).join(', ')}; the frame comes from ${mac ?? 'an unknown MAC'}: dropped.`,
    };
  if (entry.nets.length > 0 && !inNets(entry.nets, packet.src)) {
    return {
      allowed: false,
      explanation: `Port security of ${port.name} allows ${entry.mac} with ${entry.nets.join(', ')} only; source ${packet.src} is not among them: dropped.`,
    };
  }
  return {
    allowed: true,
    explanation: `Port security of ${port.name}: ${entry.mac}${entry.nets.length > 0 ? ` with ${packet.src}` : ''} is allowed.`,
  };
}

/** ls_out_check_port_sec: a port with IPs in its port security receives only those destinations. */
export function portSecurityOut(port: OvnSwitchPort, packet: Packet): { allowed: boolean; explanation: string } | null {
  const list = entries(port).filter((e) => e.nets.length > 0);
  if (list.length === 0) return null;
  const entry = list.find((e) => e.mac === packet.dstMac);
  if (entry === undefined) return null;
  if (inNets(entry.nets, packet.dst) || packet.dst === '255.255.255.255')
    return { allowed: true, explanation: `Egress port security of ${port.name}: ${packet.dst} is allowed.` };
  return {
    allowed: false,
    explanation: `Egress port security of ${port.name} allows destinations ${entry.nets.join(', ')} only; ${packet.dst} is not among them: dropped.`,
  };
}
