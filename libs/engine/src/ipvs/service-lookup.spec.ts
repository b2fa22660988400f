import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { IpvsService } from '@hookpath/model';
import { packetFromSpec } from '../packet/packet';
import { findService, serviceName } from './service-lookup';

/** ip_vs_service_find (net/netfilter/ipvs/ip_vs_ctl.c), from the kernel source: this kernel has no IPVS. */
const base = { scheduler: 'rr', flags: [], realServers: [], line: 1 };
const SERVICES: IpvsService[] = [
  { ...base, protocol: 'tcp', address: '10.96.0.10', port: 80 },
  { ...base, protocol: 'udp', address: '10.96.0.10', port: 53 },
  { ...base, protocol: 'tcp', address: '10.96.0.20', port: 0 },
  { ...base, protocol: 'fwmark', fwmark: 0x10 },
];

describe('IPVS virtual service lookup (ip_vs_ctl.c ip_vs_service_find)', () => {
  it('matches <protocol, address, port>', () => {
    const tcp = findService(SERVICES, packetFromSpec({ src: '10.0.0.5', dst: '10.96.0.10', proto: 'tcp', dport: 80 }));
    assert.equal(tcp === null ? null : serviceName(tcp.service), 'TCP 10.96.0.10:80');
    const udp = findService(SERVICES, packetFromSpec({ src: '10.0.0.5', dst: '10.96.0.10', proto: 'udp', dport: 53 }));
    assert.equal(udp === null ? null : serviceName(udp.service), 'UDP 10.96.0.10:53');
    assert.equal(findService(SERVICES, packetFromSpec({ src: '10.0.0.5', dst: '10.96.0.10', proto: 'tcp', dport: 81 })), null);
  });

  it('checks the firewall-mark table first (__ip_vs_svc_fwm_find on skb->mark)', () => {
    const hit = findService(SERVICES, packetFromSpec({ src: '10.0.0.5', dst: '10.96.0.10', proto: 'tcp', dport: 80, mark: 0x10 }));
    assert.equal(hit === null ? null : serviceName(hit.service), 'FWM 0x10');
  });

  it('falls back to the catch-all port 0 service of the address (nullsvc_counter)', () => {
    const hit = findService(SERVICES, packetFromSpec({ src: '10.0.0.5', dst: '10.96.0.20', proto: 'tcp', dport: 8443 }));
    assert.match(hit?.how ?? '', /catch-all/);
  });

  it('ICMP has no virtual service: an echo to a virtual address is answered by the host itself', () => {
    assert.equal(findService(SERVICES, packetFromSpec({ src: '10.0.0.5', dst: '10.96.0.10', proto: 'icmp' })), null);
  });
});
