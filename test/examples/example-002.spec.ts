import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Trace } from '@hookpath/engine';
import { EXAMPLES, traceJson, traceText } from './run-trace';

/** examples/002-ovn-fip-snat-dnat and 002-ovn-fip-distributed (seed 002): the OVN logical path, NAT and chassis. */
const CENTRAL = join(EXAMPLES, '002-ovn-fip-snat-dnat');
const DISTRIBUTED = join(EXAMPLES, '002-ovn-fip-distributed');
const GW = '2922af73-b67b-49ab-9a70-018c40af25a7';

const datapaths = (t: Trace | undefined): string[] => (t?.steps ?? []).map((s) => s.host).filter((h, i, all) => all[i - 1] !== h);
const explained = (t: Trace | undefined, pattern: RegExp): string | undefined => t?.steps.find((s) => pattern.test(s.explanation))?.explanation;

describe('example 002: OVN FIP / SNAT / DNAT', () => {
  it('centralized FIP egress: SNAT to the FIP on the gateway chassis, leaving ln-external with the router port MAC', () => {
    const t = traceJson(CENTRAL, ['--from', 'ovn:fip-busybox01.default', '--src', '192.168.0.4', '--dst', '172.19.0.1', '-p', 'icmp', '--icmp-id', '20900', '--round-trip']);
    assert.ok(t.steps.every((s) => s.kind === 'ovn'));
    assert.deepEqual(datapaths(t), ['overlay-subnet-73569', 'vpc-75989', 'external']);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.iface, t.end?.packet.src, t.end?.packet.dst], ['EXITED', 'external', 'ln-external', '172.19.0.11', '172.19.0.1']);
    assert.match(explained(t, /SNAT/) ?? '', new RegExp(`SNAT 192\\.168\\.0\\.4 → 172\\.19\\.0\\.11 on gateway chassis ${GW} .*wins over snat 172\\.19\\.0\\.9`));
    assert.match(explained(t, /leaves vpc-75989-external/) ?? '', /source MAC 00:00:00:21:44:FD and source IP 172\.19\.0\.11/);
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.iface, t.reply?.end?.packet.dst], ['DELIVERED', 'fip-busybox01.default', '192.168.0.4']);
    assert.equal(t.roundTrip?.established, true);
    const text = traceText(CENTRAL, ['--from', 'ovn:fip-busybox01.default', '--src', '192.168.0.4', '--dst', '172.19.0.1', '-p', 'icmp']);
    assert.match(text, /^result EXITED at external:ln-external/m);
  });

  it('centralized FIP ingress and the router load balancer', () => {
    const fip = traceJson(CENTRAL, ['--from', 'ovn:ln-external', '--src', '172.19.0.1', '--dst', '172.19.0.12', '-p', 'icmp']);
    assert.deepEqual([fip.disposition, fip.end?.iface, fip.end?.packet.dst], ['DELIVERED', 'fip-busybox02.default', '192.168.0.5']);
    assert.match(explained(fip, /DNAT/) ?? '', new RegExp(`DNAT 172\\.19\\.0\\.12 → 192\\.168\\.0\\.5 on gateway chassis ${GW}`));
    const lb = traceJson(CENTRAL, ['--from', 'ovn:ln-external', '--src', '172.19.0.1', '--dst', '172.19.0.10', '-p', 'tcp', '--sport', '40000', '--dport', '8080']);
    assert.match(explained(lb, /load balancer dnat-74661 \(tcp\)/) ?? '', /load balancer dnat-74661 \(tcp\) VIP 172\.19\.0\.10:8080 → backends 192\.168\.0\.3:80; DNAT to 192\.168\.0\.3:80/);
    assert.deepEqual([lb.disposition, lb.end?.packet.dst, lb.end?.packet.dport], ['UNKNOWN', '192.168.0.3', 80]);
    assert.match(String(lb.dropReason), /ARP request for 192\.168\.0\.3 is not answered/);
  });

  it('distributed FIP: stateless NAT on the pod\'s chassis with the pod\'s MAC, no gateway chassis', () => {
    const t = traceJson(DISTRIBUTED, ['--from', 'ovn:nginx-netshoot-0.default', '--src', '192.168.0.2', '--dst', '172.19.0.1', '-p', 'icmp', '--round-trip']);
    assert.deepEqual(datapaths(t), ['vpc1-subnet1', 'vpc1', 'external']);
    assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src], ['EXITED', 'localnet.external', '172.19.0.12']);
    assert.match(explained(t, /SNAT/) ?? '', /SNAT 192\.168\.0\.2 → 172\.19\.0\.12 \(stateless\) on the chassis where nginx-netshoot-0\.default is bound/);
    assert.match(explained(t, /leaves vpc1-external/) ?? '', /source MAC 00:00:00:C4:5B:CE and source IP 172\.19\.0\.12/);
    assert.ok(!t.steps.some((s) => /on gateway chassis/.test(s.explanation)));
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.iface], ['DELIVERED', 'nginx-netshoot-0.default']);
    const inbound = traceJson(DISTRIBUTED, ['--from', 'ovn:localnet.external', '--src', '172.19.0.1', '--dst', '172.19.0.13', '-p', 'icmp']);
    assert.deepEqual([inbound.disposition, inbound.end?.iface, inbound.end?.packet.dst], ['DELIVERED', 'nginx-netshoot-1.default', '192.168.0.3']);
    assert.match(explained(inbound, /external_mac/) ?? '', /external_mac 00:00:00:F2:0D:7B on the chassis where nginx-netshoot-1\.default is bound/);
  });
});
