import type { Host, SnapshotModel } from '@hookpath/model';
import { formatIpv4, parseIpv4 } from '../net/ipv4';
import { ipv4Endpoint } from '../ovn/lb-vip';
import { TargetSet, targetKey, type FlowTarget, type PortProtocol } from './flow-types';
import { serviceRules, ruleDestination, serviceName, tableOf } from './rule-selectors';

/** Hosts that run kube-proxy or a gateway's rules: neither pods nor outside peers. */
export const isInfrastructure = (host: Host): boolean => host.meta.role !== 'pod' && host.meta.role !== 'external';

/** NodePort rules carry no destination; kube-proxy reaches them from KUBE-SERVICES' last rule. */
const NOT_SERVICES: ReadonlySet<string> = new Set(['KUBE-NODEPORTS']);

/**
 * kube-proxy iptables mode: every `-d <vip>/32 -p tcp|udp --dport N` rule of nat KUBE-SERVICES and
 * the chains it jumps to (KUBE-SVC-*, KUBE-EXT-*, KUBE-FW-*), and of filter KUBE-SERVICES, where a
 * Service without endpoints is REJECTed: pods still connect to it, and that is worth a trace.
 */
function iptablesServices(host: Host, into: TargetSet<FlowTarget>): void {
  for (const [table, start] of [
    ['nat', 'KUBE-SERVICES'],
    ['filter', 'KUBE-SERVICES'],
  ] as const) {
    const t = tableOf(host, table);
    if (t === undefined) continue;
    for (const rule of serviceRules(t, start, NOT_SERVICES)) {
      const d = ruleDestination(rule, true);
      if (d.address === null || d.port === null || (d.proto !== 'tcp' && d.proto !== 'udp')) continue;
      // kube-proxy repeats a Service's selectors in its KUBE-SVC-* chain: name it once
      if (into.complete(targetKey(d.address, d.proto, d.port))) continue;
      into.add({ address: formatIpv4(d.address), value: d.address, proto: d.proto, port: d.port, name: serviceName(rule) });
    }
  }
}

/** kube-proxy IPVS mode (and any IPVS): virtual services with an address and a tcp/udp port. */
function* ipvsServices(host: Host): Generator<FlowTarget> {
  for (const s of host.ipvs ?? []) {
    if (s.address === undefined || s.port === undefined || (s.protocol !== 'tcp' && s.protocol !== 'udp')) continue;
    const value = parseIpv4(s.address);
    if (value !== null) yield { address: s.address, value, proto: s.protocol, port: s.port, name: 'ipvs' };
  }
}

/** An OVN load balancer's protocol column: empty means tcp; sctp is not traced. */
export function lbProtocol(protocol: string | null): PortProtocol | null {
  if (protocol === null || protocol === '' || protocol === 'tcp') return 'tcp';
  return protocol === 'udp' ? 'udp' : null;
}

/** OVN load balancer VIPs with a port (kube-ovn's Service VIPs on the switches, router LBs). */
function* ovnServices(model: SnapshotModel): Generator<FlowTarget> {
  for (const lb of model.ovn?.loadBalancers ?? []) {
    const proto = lbProtocol(lb.protocol);
    if (proto === null) continue;
    for (const v of lb.vips) {
      const vip = ipv4Endpoint(v.vip);
      if (vip !== null && vip.port !== null) yield { address: vip.address, value: vip.value, proto, port: vip.port, name: `lb ${lb.name}` };
    }
  }
}

/** Every Service a pod can connect to, once per (VIP, protocol, port), ordered by VIP then port. */
export function clusterServices(model: SnapshotModel): FlowTarget[] {
  const set = new TargetSet<FlowTarget>();
  for (const host of model.hosts) {
    if (!isInfrastructure(host)) continue;
    iptablesServices(host, set);
    for (const t of ipvsServices(host)) set.add(t);
  }
  for (const t of ovnServices(model)) set.add(t);
  return set.sorted();
}
