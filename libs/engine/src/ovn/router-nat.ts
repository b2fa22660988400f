import type { OvnNat } from '@hookpath/model';
import { parseIpv4, parsePrefix, prefixContains } from '../net/ipv4';
import type { CompiledRouter, RouterPortRef } from './compiled-ovn';

/** A NAT row as explanations name it. */
export const natText = (nat: OvnNat): string =>
  `${nat.type} ${nat.externalIp} <-> ${nat.logicalIp}${nat.logicalPort === null ? '' : ` (${nat.logicalPort}${nat.externalMac === null ? '' : ` ${nat.externalMac}`})`}`;

/**
 * The conntrack zone of a router's NAT: a router with a distributed gateway port keeps SNAT and
 * DNAT in one common zone (`ct_snat_in_czone` / `ct_dnat_in_czone`); a gateway router has one
 * zone for each.
 */
export function routerCtZone(lr: CompiledRouter, kind: 'snat' | 'dnat'): string {
  return lr.gatewayRouterChassis !== null ? `lr:${lr.name}:${kind}` : `lr:${lr.name}`;
}

/**
 * Whether a NAT row acts on traffic entering or leaving by `port`: on a gateway router on every
 * port; on a router with distributed gateway ports, on its `gateway_port` (or the only one).
 */
export function natAppliesOn(lr: CompiledRouter, nat: OvnNat, port: RouterPortRef): boolean {
  if (lr.gatewayRouterChassis !== null) return true;
  if (!lr.gatewayPorts.includes(port)) return false;
  const named = nat.gatewayPort ?? null;
  if (named !== null) return named === port.port.name || named === port.port.uuid;
  return (
    lr.gatewayPorts.length === 1 ||
    port.networks.some((n) => {
      const ext = parseIpv4(nat.externalIp);
      return ext !== null && prefixContains(n.prefix, ext);
    })
  );
}

/**
 * What of a NAT row the engine does not model: `allowed_ext_ips` / `exempted_ext_ips` (the row
 * applies only to, or not to, some external addresses) and `external_port_range` (conntrack picks
 * the translated port). Null when the row is fully modelled.
 */
export function natNotModelled(nat: OvnNat): string | null {
  const parts: string[] = [];
  if ((nat.allowedExtIps ?? null) !== null) parts.push(`allowed_ext_ips ${nat.allowedExtIps ?? ''}`);
  if ((nat.exemptedExtIps ?? null) !== null) parts.push(`exempted_ext_ips ${nat.exemptedExtIps ?? ''}`);
  if ((nat.externalPortRange ?? '') !== '') parts.push(`external_port_range ${nat.externalPortRange ?? ''}`);
  return parts.length === 0 ? null : `NAT ${natText(nat)} has ${parts.join(' and ')}, which the engine does not model`;
}

/** The logical prefix length with which a snat / dnat_and_snat row covers `src` leaving by `port`, or null. */
function snatPrefixLength(lr: CompiledRouter, nat: OvnNat, port: RouterPortRef, src: number): number | null {
  if (nat.type === 'dnat' || !natAppliesOn(lr, nat, port)) return null;
  const prefix = parsePrefix(nat.logicalIp);
  return prefix !== null && prefixContains(prefix, src) ? prefix.length : null;
}

/** Whether a snat / dnat_and_snat row would translate `src` leaving by `port`. */
export function snatCovers(lr: CompiledRouter, nat: OvnNat, port: RouterPortRef, src: string): boolean {
  const address = parseIpv4(src);
  return address !== null && snatPrefixLength(lr, nat, port, address) !== null;
}

/** The SNAT for a source leaving by `port`: snat and dnat_and_snat rows, the longest logical_ip prefix first. */
export function snatFor(lr: CompiledRouter, port: RouterPortRef, src: string): OvnNat | undefined {
  const address = parseIpv4(src);
  if (address === null) return undefined;
  let best: { nat: OvnNat; rank: number } | undefined;
  for (const nat of lr.nat) {
    const length = snatPrefixLength(lr, nat, port, address);
    if (length === null) continue;
    // A dnat_and_snat beats a snat of the same prefix (northd gives it the higher priority).
    const rank = length * 2 + (nat.type === 'dnat_and_snat' ? 1 : 0);
    if (best === undefined || rank > best.rank) best = { nat, rank };
  }
  return best?.nat;
}
