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

const step = (t: Trace | undefined, stage: string): Trace['steps'][number] | undefined => t?.steps.find((s) => s.stage === stage);

describe('example 002: OVN FIP / SNAT / DNAT', () => {
  it('centralized FIP egress: SNAT to the FIP on the gateway chassis, leaving ln-external with the router port MAC', () => {
    const t = traceJson(CENTRAL, ['--from', 'ovn:fip-busybox01.default', '--src', '192.168.0.4', '--dst', '172.19.0.1', '-p', 'icmp', '--icmp-id', '20900', '--round-trip']);
    assert.deepEqual(datapaths(t), ['overlay-subnet-73569', 'vpc-75989', 'external']);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.iface, t.end?.packet.src, t.end?.packet.dst], ['EXITED', 'external', 'ln-external', '172.19.0.11', '172.19.0.1']);
    // The seed's tcpdump: the FIP's frames leave kube-ovn-control-plane's eth1 from 00:00:00:21:44:fd to 02:42:57:db:a9:c6.
    assert.deepEqual([t.end?.packet.ethSrc, t.end?.packet.ethDst], ['00:00:00:21:44:fd', '02:42:57:db:a9:c6']);
    const snat = step(t, 'lr_out_snat');
    assert.deepEqual([snat?.datapath, snat?.chassis, snat?.object?.table, snat?.object?.uuid], ['vpc-75989', `${GW} (kube-ovn-control-plane)`, 'NAT', '1a307979-f0f0-4749-b39e-91a38f7895ce']);
    assert.match(snat?.explanation ?? '', /ct_snat 192\.168\.0\.4 -> 172\.19\.0\.11 .*wins over snat 172\.19\.0\.9 <-> 192\.168\.0\.0\/24/);
    assert.equal(step(t, 'lr_in_gw_redirect')?.iface, 'vpc-75989-external');
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.iface, t.reply?.end?.packet.dst], ['EXITED', 'fip-busybox01.default', '192.168.0.4']);
    assert.equal(step(t.reply, 'lr_in_unsnat')?.packetAfter?.dst, '192.168.0.4');
    assert.equal(t.roundTrip?.established, true);
    const text = traceText(CENTRAL, ['--from', 'ovn:fip-busybox01.default', '--src', '192.168.0.4', '--dst', '172.19.0.1', '-p', 'icmp']);
    assert.match(text, /^result EXITED at external:ln-external/m);
  });

  it('centralized FIP ingress and the router load balancer', () => {
    const fip = traceJson(CENTRAL, ['--from', 'ovn:ln-external', '--src', '172.19.0.1', '--dst', '172.19.0.12', '-p', 'icmp']);
    assert.deepEqual([fip.disposition, fip.end?.iface, fip.end?.packet.dst, fip.end?.packet.ethSrc, fip.end?.packet.ethDst], ['EXITED', 'fip-busybox02.default', '192.168.0.5', '00:00:00:91:cc:aa', '00:00:00:a2:70:8d']);
    const dnat = step(fip, 'lr_in_dnat');
    assert.deepEqual([dnat?.chassis, dnat?.object?.uuid, dnat?.packetAfter?.dst], [`${GW} (kube-ovn-control-plane)`, '2e66cfb6-1bfb-4263-a725-5d09f3c8982a', '192.168.0.5']);
    const lb = traceJson(CENTRAL, ['--from', 'ovn:ln-external', '--src', '172.19.0.1', '--dst', '172.19.0.10', '-p', 'tcp', '--sport', '40000', '--dport', '8080']);
    const balanced = step(lb, 'lr_in_dnat');
    assert.deepEqual([balanced?.object?.table, balanced?.packetAfter?.dst, balanced?.packetAfter?.dport], ['Load_Balancer', '192.168.0.3', 80]);
    // The backend 192.168.0.3 has no port in the seed's overlay-subnet-73569: nobody answers the router's ARP.
    assert.deepEqual([lb.disposition, lb.dropReason, lb.steps.at(-1)?.stage], ['DROPPED', 'NO_NEIGHBOR', 'lr_in_arp_request']);
  });

  it('distributed FIP: stateless NAT on the pod\'s chassis with the pod\'s MAC, no gateway chassis', () => {
    const t = traceJson(DISTRIBUTED, ['--from', 'ovn:nginx-netshoot-0.default', '--src', '192.168.0.2', '--dst', '172.19.0.1', '-p', 'icmp', '--round-trip']);
    assert.deepEqual(datapaths(t), ['vpc1-subnet1', 'vpc1', 'external']);
    assert.deepEqual([t.disposition, t.end?.iface, t.end?.packet.src, t.end?.packet.ethSrc], ['EXITED', 'localnet.external', '172.19.0.12', '00:00:00:c4:5b:ce']);
    const snat = step(t, 'lr_out_snat');
    assert.deepEqual([snat?.chassis, snat?.object?.uuid], ['the chassis of nginx-netshoot-0.default', 'cd5ba8d0-8156-4f89-b279-629be9f3bf94']);
    assert.match(snat?.explanation ?? '', /stateless: ip4\.src = 172\.19\.0\.12 without conntrack/);
    assert.match(step(t, 'lr_in_gw_redirect')?.explanation ?? '', /stays on the chassis of nginx-netshoot-0\.default, eth\.src = 00:00:00:C4:5B:CE/);
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.iface, t.roundTrip?.established], ['EXITED', 'nginx-netshoot-0.default', true]);
    const inbound = traceJson(DISTRIBUTED, ['--from', 'ovn:localnet.external', '--src', '172.19.0.1', '--dst', '172.19.0.13', '-p', 'icmp']);
    assert.deepEqual([inbound.disposition, inbound.end?.iface, inbound.end?.packet.dst], ['EXITED', 'nginx-netshoot-1.default', '192.168.0.3']);
    assert.equal(step(inbound, 'lr_in_admission')?.chassis, 'the chassis of nginx-netshoot-1.default');
  });
});
