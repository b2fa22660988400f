import type { Host, Ipset, SnapshotModel } from '@hookpath/model';
import { parseIpv4, parsePrefix, formatIpv4 } from '../net/ipv4';
import { dedupeTargets, type FlowTarget, type PortProtocol } from './flow-types';
import type { OutsideEntries } from './outside-entry';
import { isExternalServiceRule, serviceRules, ruleDestination, serviceName, tableOf } from './rule-selectors';
import { ipv4Endpoint } from '../ovn/lb-vip';
import { isInfrastructure, lbProtocol } from './services';

/** An address reachable from outside the cluster, and who answers it. */
export interface ExposedTarget extends FlowTarget {
  owner: { kind: 'host'; host: Host } | { kind: 'ovn-router'; router: string };
}

const DEFAULT_TCP_PORT = 80;

/**
 * DNAT rules with a single destination address, in any chain of the nat table: the EIPs and FIPs of
 * a kube-ovn VPC NAT gateway (EXCLUSIVE_DNAT / SHARED_DNAT), host port mappings. Without a port the
 * rule translates every protocol and an echo request tests it.
 */
function* dnatTargets(host: Host): Generator<ExposedTarget> {
  for (const chain of tableOf(host, 'nat')?.chains ?? []) {
    for (const rule of chain.rules) {
      if (rule.target?.name !== 'DNAT') continue;
      const d = ruleDestination(rule, true);
      if (d.address === null || d.proto === 'other') continue;
      const value = d.address;
      const address = formatIpv4(value);
      const name = serviceName(rule) ?? `dnat ${host.name}/${chain.name}`;
      const owner = { kind: 'host', host } as const;
      if (d.proto === null) yield { address, value, proto: 'icmp', port: null, name, owner };
      else yield { address, value, proto: d.proto, port: d.port ?? DEFAULT_TCP_PORT, name, owner };
    }
  }
}

/** kube-proxy iptables mode: the LoadBalancer and external IPs of nat KUBE-SERVICES. */
function* externalServiceTargets(host: Host): Generator<ExposedTarget> {
  const nat = tableOf(host, 'nat');
  if (nat === undefined) return;
  for (const rule of serviceRules(nat, 'KUBE-SERVICES', new Set(['KUBE-NODEPORTS']))) {
    if (!isExternalServiceRule(rule)) continue;
    const d = ruleDestination(rule, true);
    if (d.address === null || d.port === null || (d.proto !== 'tcp' && d.proto !== 'udp')) continue;
    yield {
      address: formatIpv4(d.address),
      value: d.address,
      proto: d.proto,
      port: d.port,
      name: serviceName(rule),
      owner: { kind: 'host', host },
    };
  }
}

const ipsetNamed = (host: Host, name: string): Ipset | undefined => host.ipsets?.find((s) => s.name === name);

/** kube-proxy IPVS mode: the `ip,proto:port` members of KUBE-LOAD-BALANCER and KUBE-EXTERNAL-IP. */
function* ipvsExternalTargets(host: Host): Generator<ExposedTarget> {
  for (const [set, name] of [
    ['KUBE-LOAD-BALANCER', 'loadbalancer'],
    ['KUBE-EXTERNAL-IP', 'external IP'],
  ] as const) {
    for (const member of ipsetNamed(host, set)?.members ?? []) {
      if (member.nomatch) continue;
      let address: number | null = null;
      let proto: PortProtocol | null = null;
      let port: number | null = null;
      for (const part of member.parts) {
        if (part.kind === 'net') {
          const prefix = parsePrefix(part.cidr);
          if (prefix !== null && prefix.length === 32) address = prefix.network;
        } else if (part.kind === 'port' && (part.proto === 'tcp' || part.proto === 'udp')) {
          proto = part.proto;
          port = part.from;
        }
      }
      if (address !== null && proto !== null && port !== null)
        yield { address: formatIpv4(address), value: address, proto, port, name, owner: { kind: 'host', host } };
    }
  }
}

/** NodePorts: nat KUBE-NODEPORTS rules (iptables mode) and the KUBE-NODE-PORT-* port sets (IPVS mode, kube-ovn's LOCAL sets). */
function nodePorts(host: Host): { proto: PortProtocol; port: number; name: string | null }[] {
  const out: { proto: PortProtocol; port: number; name: string | null }[] = [];
  const nat = tableOf(host, 'nat');
  for (const rule of nat?.chains.find((c) => c.name === 'KUBE-NODEPORTS')?.rules ?? []) {
    const d = ruleDestination(rule);
    // `-d 127.0.0.0/8` rules are for localhost NodePorts, not reachable from outside
    if (d.address !== null || d.port === null || (d.proto !== 'tcp' && d.proto !== 'udp')) continue;
    out.push({ proto: d.proto, port: d.port, name: serviceName(rule) });
  }
  for (const [set, proto] of [
    ['KUBE-NODE-PORT-TCP', 'tcp'],
    ['KUBE-NODE-PORT-LOCAL-TCP', 'tcp'],
    ['KUBE-NODE-PORT-UDP', 'udp'],
    ['KUBE-NODE-PORT-LOCAL-UDP', 'udp'],
  ] as const) {
    for (const member of ipsetNamed(host, set)?.members ?? []) {
      for (const part of member.parts) if (part.kind === 'port' && !member.nomatch) out.push({ proto, port: part.from, name: null });
    }
  }
  return out;
}

function* nodePortTargets(host: Host, entries: OutsideEntries): Generator<ExposedTarget> {
  const ports = nodePorts(host);
  if (ports.length === 0) return;
  for (const a of entries.nodeAddresses(host)) {
    for (const p of ports)
      yield {
        address: a.address,
        value: a.value,
        proto: p.proto,
        port: p.port,
        name: p.name === null ? 'nodeport' : `nodeport ${p.name}`,
        owner: { kind: 'host', host },
      };
  }
}

/** OVN: FIPs (dnat_and_snat) and DNAT rows by external IP, and the VIPs of load balancers on routers. */
function* ovnTargets(model: SnapshotModel): Generator<ExposedTarget> {
  const nb = model.ovn;
  if (nb === undefined || nb === null) return;
  for (const router of nb.routers) {
    for (const nat of router.nat) {
      if (nat.type === 'snat') continue;
      const value = parseIpv4(nat.externalIp);
      if (value === null) continue;
      const name = `${nat.type === 'dnat_and_snat' ? 'fip' : 'dnat'} ${router.name}`;
      yield { address: nat.externalIp, value, proto: 'icmp', port: null, name, owner: { kind: 'ovn-router', router: router.name } };
    }
  }
  for (const lb of nb.loadBalancers) {
    const router =
      lb.routers[0] ??
      nb.routers.find((r) => r.loadBalancers.includes(lb.name) || (lb.uuid !== null && r.loadBalancers.includes(lb.uuid)))?.name;
    const proto = lbProtocol(lb.protocol);
    if (router === undefined || proto === null) continue;
    for (const v of lb.vips) {
      const vip = ipv4Endpoint(v.vip);
      if (vip === null) continue;
      const owner = { kind: 'ovn-router', router } as const;
      if (vip.port === null) yield { address: vip.address, value: vip.value, proto: 'icmp', port: null, name: `lb ${lb.name}`, owner };
      else yield { address: vip.address, value: vip.value, proto, port: vip.port, name: `lb ${lb.name}`, owner };
    }
  }
}

/** Every address the outside can reach, once per (address, protocol, port), ordered by address then port. */
export function exposedTargets(model: SnapshotModel, entries: OutsideEntries): ExposedTarget[] {
  function* all(): Generator<ExposedTarget> {
    for (const host of model.hosts) {
      if (host.meta.role === 'external') continue;
      yield* dnatTargets(host);
      yield* externalServiceTargets(host);
      yield* ipvsExternalTargets(host);
      if (isInfrastructure(host)) yield* nodePortTargets(host, entries);
    }
    yield* ovnTargets(model);
  }
  return dedupeTargets(all());
}
