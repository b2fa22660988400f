import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotFile } from '@hookpath/model';
import { simulate } from '../simulate';
import type { Trace, TraceStep } from '../trace/trace';
import { editFile, exampleFiles, parseExample } from './testing/load-example';

/**
 * examples/004-eni-ipvs-rp-filter (seed 004) without IPVS: the pod's SYN goes straight to the real
 * server 10.253.4.194:8000. The snapshot's rules mark only LoadBalancer traffic for masquerade
 * (`KUBE-LOAD-BALANCER` -> `KUBE-MARK-MASQ`), which reaches the real server only after IPVS's
 * DNAT, so a direct flow is not marked. The MASQUERADE cases add one rule marking the direct flow
 * exactly as the LoadBalancer path would mark it, so the rest of the incident (rule 2000 to eth1,
 * MASQUERADE to eth0's address, the reply on eth0, strict rp_filter) can be traced without IPVS.
 */
const NODE = 'node-10-12-97-49';
const POD = 'pod-10-12-192-44';
const MARK_DIRECT = '-A KUBE-SERVICES -d 10.253.4.194/32 -p tcp -m tcp --dport 8000 -j KUBE-MARK-MASQ';

function files(opts: { mark: boolean; eth0RpFilter?: number }): SnapshotFile[] {
  let out = exampleFiles('004-eni-ipvs-rp-filter');
  if (opts.mark) {
    out = editFile(out, `hosts/${NODE}/iptables-save.txt`, (text) =>
      text.replace(
        '-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal"',
        `${MARK_DIRECT}\n-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal"`,
      ),
    );
  }
  const value = opts.eth0RpFilter;
  if (value !== undefined)
    out = editFile(out, `hosts/${NODE}/sysctl.txt`, (text) =>
      text.replace('net.ipv4.conf.eth0.rp_filter = 1', `net.ipv4.conf.eth0.rp_filter = ${value}`),
    );
  return out;
}

const syn = (f: SnapshotFile[]): Trace =>
  simulate(
    parseExample(f),
    { from: POD, packet: { src: '10.12.192.44', dst: '10.253.4.194', proto: 'tcp', sport: 44700, dport: 8000 } },
    { roundTrip: true },
  );
const on = (t: Trace | undefined, kind: TraceStep['kind']): TraceStep[] =>
  (t?.steps ?? []).filter((s) => s.host === NODE && s.kind === kind);
const RULE_2000 = 'ip rule 2000 `from 10.12.192.44 lookup 1003` → table 1003: default via 10.12.192.1 dev eth1';

describe('example 004 without IPVS: policy routing, MASQUERADE and rp_filter', () => {
  it('the direct SYN leaves eth1 by ip rule 2000, unmarked and un-NATed, and the symmetric reply comes back', () => {
    const t = syn(files({ mark: false }));
    const route = on(t, 'routing')[0];
    assert.equal(route?.iface, 'eth1');
    assert.ok(route?.explanation.includes(RULE_2000), route?.explanation);
    assert.ok(!on(t, 'netfilter').some((s) => s.verdict === 'MASQUERADE'));
    assert.equal(on(t, 'interface').find((s) => s.iface === 'eth1')?.packetAfter?.src, '10.12.192.44');
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'backend-10-253-4-194']);
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.host], ['DELIVERED', POD]);
    assert.equal(on(t.reply, 'interface')[0]?.iface, 'eth1', 'the reply enters the node on eth1, where rp_filter expects it');
  });

  it('marked for masquerade, the SYN is MASQUERADEd to 10.12.97.49 (eth1 has no address)', () => {
    const t = syn(files({ mark: true }));
    const masq = on(t, 'netfilter').find((s) => s.verdict === 'MASQUERADE');
    assert.equal(masq?.rule, '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE');
    assert.equal(masq?.hook, 'POSTROUTING');
    const leaving = on(t, 'interface').find((s) => s.iface === 'eth1');
    assert.deepEqual([leaving?.packetAfter?.src, leaving?.packetAfter?.sport], ['10.12.97.49', 44700]);
    assert.ok(on(t, 'routing')[0]?.explanation.includes(RULE_2000));
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src], ['DELIVERED', 'backend-10-253-4-194', '10.12.97.49']);
  });

  it('the reply arrives on eth0, is de-NATed to the pod and dropped by strict rp_filter', () => {
    const reply = syn(files({ mark: true })).reply;
    assert.equal(on(reply, 'interface')[0]?.iface, 'eth0');
    const ct = on(reply, 'conntrack');
    assert.match(ct[0]?.explanation ?? '', /reply direction: state ESTABLISHED; its source NAT is reversed/);
    assert.match(
      ct[1]?.explanation ?? '',
      /destination 10\.12\.97\.49:44700 → 10\.12\.192\.44:44700 \(reply of a source-NATed connection: de-SNAT\)/,
    );
    assert.deepEqual([reply?.disposition, reply?.dropReason, reply?.end?.host], ['DROPPED', 'RP_FILTER', NODE]);
    const rp = on(reply, 'rp_filter')[0];
    assert.match(
      rp?.explanation ?? '',
      /^rp_filter strict \(max\(net\.ipv4\.conf\.all\.rp_filter = 1, net\.ipv4\.conf\.eth0\.rp_filter = 1\) = 1\)/,
    );
    assert.ok(rp?.explanation.includes('reverse lookup for 10.253.4.194 from 10.12.192.44'));
    assert.ok(rp?.explanation.includes(RULE_2000));
    assert.match(rp?.explanation ?? '', /leaves by eth1, not eth0 where the packet arrived: dropped/);
    assert.equal(reply?.conntrack?.state, 'ESTABLISHED', 'conntrack saw the reply before the drop (oracle fact 6)');
    const d = reply?.diagnosis.find((x) => x.code === 'RP_FILTER_ASYMMETRIC_RETURN');
    assert.match(d?.fix ?? '', /sysctl -w net\.ipv4\.conf\.eth0\.rp_filter=2/);
  });

  it('with net.ipv4.conf.eth0.rp_filter = 2 (loose: max(all=1, eth0=2)) the reply reaches the pod', () => {
    const reply = syn(files({ mark: true, eth0RpFilter: 2 })).reply;
    assert.match(
      on(reply, 'rp_filter')[0]?.explanation ?? '',
      /^rp_filter loose \(max\(.*\) = 2\).*10\.253\.4\.194 is reachable \(via eth1\): passes/,
    );
    assert.deepEqual(
      [reply?.disposition, reply?.end?.host, reply?.end?.packet.dst, reply?.end?.packet.dport],
      ['DELIVERED', POD, '10.12.192.44', 44700],
    );
  });
});
