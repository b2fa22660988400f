import type { IpvsForward, IpvsRealServer, IpvsService } from '@hookpath/model';
import { formatMark, type Packet } from '../packet/packet';
import { realServerName } from './scheduler';

/** `TCP 10.12.115.101:80`, `FWM 0x1` as `ipvsadm -Ln` names a virtual service. */
export function serviceName(svc: IpvsService): string {
  if (svc.protocol === 'fwmark') return `FWM ${formatMark(svc.fwmark ?? 0)}`;
  return `${svc.protocol.toUpperCase()} ${svc.address ?? '?'}:${svc.port ?? 0}`;
}

/** ipvsadm's column: Masq, Route, Tunnel, Local. */
export function forwardName(f: IpvsForward): string {
  switch (f) {
    case 'masq':
      return 'Masq';
    case 'route':
      return 'Route';
    case 'tunnel':
      return 'Tunnel';
    case 'local':
      return 'Local';
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}

export function describeRealServers(svc: IpvsService): string {
  if (svc.realServers.length === 0) return 'no real servers';
  const one = (rs: IpvsRealServer): string =>
    `${realServerName(rs)} (${forwardName(rs.forward)}, weight ${rs.weight}${rs.activeConns === undefined ? '' : `, ${rs.activeConns} active/${rs.inactiveConns ?? 0} inactive`})`;
  return `real servers ${svc.realServers.map(one).join(', ')}`;
}

export interface ServiceHit {
  service: IpvsService;
  /** How ip_vs_service_find found it. */
  how: string;
}

/**
 * ip_vs_service_find (net/netfilter/ipvs/ip_vs_ctl.c): a firewall-mark service for skb->mark
 * first, then the <protocol, address, port> service, then the catch-all port 0 of that address.
 * (The FTP data special case needs an FTP service on port 21 and ip_vs_ftp: kube-proxy uses neither.)
 */
export function findService(services: readonly IpvsService[], p: Packet): ServiceHit | null {
  if (p.proto === 'icmp') return null;
  if (p.mark !== 0) {
    const fwm = services.find((s) => s.protocol === 'fwmark' && s.fwmark === p.mark);
    if (fwm !== undefined) return { service: fwm, how: `firewall-mark service for the packet's mark ${formatMark(p.mark)}` };
  }
  const exact = services.find((s) => s.protocol === p.proto && s.address === p.dst && s.port === p.dport);
  if (exact !== undefined) return { service: exact, how: `virtual service for ${p.proto} ${p.dst}:${p.dport}` };
  const any = services.find((s) => s.protocol === p.proto && s.address === p.dst && s.port === 0);
  if (any !== undefined) return { service: any, how: `catch-all (port 0) virtual service of ${p.dst}` };
  return null;
}
