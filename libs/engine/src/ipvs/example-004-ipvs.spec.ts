import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotFile } from '@hookpath/model';
import { editFile, exampleFiles, parseExample } from '../pipeline/testing/load-example';
import { simulate } from '../simulate';
import type { Trace, TraceStep } from '../trace/trace';

/**
 * examples/004-eni-ipvs-rp-filter (seed 004) with IPVS: pod 10.12.192.44 -> LoadBalancer IP
 * 10.12.115.101:80. This kernel has no IPVS, so the IPVS part follows the kernel source
 * (torvalds/linux net/netfilter/ipvs): ip_vs_remote_request4 on LOCAL_IN at priority 99 after the
 * filter INPUT chain (ip_vs_core.c ip_vs_ops4), ip_vs_nat_xmit's route lookup by destination only
 * and ip_vs_nat_send_or_cont's NF_HOOK(LOCAL_OUT) (ip_vs_xmit.c), ip_vs_update_conntrack with
 * net.ipv4.vs.conntrack = 1 (ip_vs_nfct.c), whose altered reply tuple makes nf_nat_ipv4_local_fn
 * re-route the packet with its own source (net/netfilter/nf_nat_proto.c, formerly nf_nat_l3proto_ipv4.c;
 * ip_route_me_harder), and ip_vs_reply4 on FORWARD at priority 100 for the answer.
 */
const NODE = 'node-10-12-97-49';
const POD = 'pod-10-12-192-44';
const SERVERS = ['10.253.1.139:8000', '10.253.3.5:8000', '10.253.4.194:8000'];

function files(opts: { eth0RpFilter?: number; vsConntrack?: number } = {}): SnapshotFile[] {
  let out = exampleFiles('004-eni-ipvs-rp-filter');
  const rp = opts.eth0RpFilter;
  if (rp !== undefined)
    out = editFile(out, `hosts/${NODE}/sysctl.txt`, (t) =>
      t.replace('net.ipv4.conf.eth0.rp_filter = 1', `net.ipv4.conf.eth0.rp_filter = ${rp}`),
    );
  const vs = opts.vsConntrack;
  if (vs !== undefined)
    out = editFile(out, `hosts/${NODE}/sysctl.txt`, (t) => t.replace('net.ipv4.vs.conntrack = 1', `net.ipv4.vs.conntrack = ${vs}`));
  return out;
}

const curl = (f: SnapshotFile[], backend?: string): Trace =>
  simulate(
    parseExample(f),
    { from: POD, packet: { src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp', sport: 44624, dport: 80 } },
    backend === undefined ? { roundTrip: true } : { roundTrip: true, backend },
  );
const on = (t: Trace | undefined, kind: TraceStep['kind']): TraceStep[] =>
  (t?.steps ?? []).filter((s) => s.host === NODE && s.kind === kind);
const RULE_2000 = 'ip rule 2000 `from 10.12.192.44 lookup 1003` → table 1003: default via 10.12.192.1 dev eth1';
const MASQ_RULE = '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE';

describe('example 004 with IPVS (kernel source: net/netfilter/ipvs)', () => {
  it('KUBE-LOAD-BALANCER marks 0x4000, the virtual address is local (kube-ipvs0), IPVS runs after filter INPUT and before nat INPUT', () => {
    const t = curl(files());
    const steps = t.steps.filter((s) => s.host === NODE);
    const mark = steps.find((s) => s.verdict === 'MARK' && s.hook === 'PREROUTING');
    assert.equal(mark?.packetAfter?.mark, '0x4000');
    assert.match(on(t, 'routing')[0]?.explanation ?? '', /local 10\.12\.115\.101 dev kube-ipvs0/);
    const ipvs = steps.findIndex((s) => s.kind === 'ipvs');
    const lastFilterInput = steps.map((s) => s.hook === 'INPUT' && s.table === 'filter').lastIndexOf(true);
    assert.ok(lastFilterInput >= 0 && lastFilterInput < ipvs, 'ip_vs_remote_request4 (99) after filter INPUT (0)');
    assert.ok(
      !steps.some((s) => s.kind === 'netfilter' && s.hook === 'INPUT' && s.table === 'nat'),
      'the packet is stolen before nat INPUT (100)',
    );
    assert.ok(
      !steps.some((s) => s.kind === 'netfilter' && s.hook === 'OUTPUT' && s.table === 'nat'),
      'nat OUTPUT is not consulted: DST manip was set up at PREROUTING',
    );
  });

  it('without --backend, rr from a fresh service: the first real server, all three reported', () => {
    const sched = on(curl(files()), 'ipvs')[0];
    assert.match(
      sched?.explanation ?? '',
      /virtual service TCP 10\.12\.115\.101:80 rr .*: real servers 10\.253\.1\.139:8000 \(Masq, weight 1, 0 active\/0 inactive\), 10\.253\.3\.5:8000 \(Masq, weight 1, 0 active\/0 inactive\), 10\.253\.4\.194:8000 \(Masq, weight 1, 0 active\/1 inactive\); chose 10\.253\.1\.139:8000 \(rr: .*\) \(use --backend to pick another\)/,
    );
  });

  for (const backend of SERVERS) {
    const [address, port] = backend.split(':');
    it(`--backend ${backend}: DNAT by ip_vs_nat_xmit, re-routed by ip rule 2000 to eth1, MASQUERADEd to 10.12.97.49`, () => {
      const t = curl(files(), backend);
      const [sched, xmit] = on(t, 'ipvs');
      assert.match(
        sched?.explanation ?? '',
        new RegExp(`chose ${backend.replace(/\./g, '\\.')} .*--backend ${backend.replace(/\./g, '\\.')} picks`),
      );
      assert.equal(xmit?.packetAfter?.dst, address);
      assert.equal(xmit?.packetAfter?.dport, Number(port));
      const routes = on(t, 'routing');
      assert.match(routes[1]?.explanation ?? '', /^IPVS route to the real server .*default via 10\.12\.97\.1 dev eth0/);
      assert.match(routes[2]?.explanation ?? '', /^re-routed \(ip_route_me_harder\) by nf_nat_ipv4_local_fn at nat OUTPUT/);
      assert.ok(routes[2]?.explanation.includes(RULE_2000), routes[2]?.explanation);
      const masq = on(t, 'netfilter').find((s) => s.verdict === 'MASQUERADE');
      assert.deepEqual([masq?.rule, masq?.hook, masq?.packetAfter?.src], [MASQ_RULE, 'POSTROUTING', '10.12.97.49']);
      const leaving = on(t, 'interface').find((s) => s.iface === 'eth1');
      assert.deepEqual(
        [leaving?.packetAfter?.src, leaving?.packetAfter?.dst, leaving?.packetAfter?.dport],
        ['10.12.97.49', address, Number(port)],
      );
      if (address === '10.253.4.194') assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'backend-10-253-4-194']);
      else
        assert.deepEqual(
          [t.disposition, t.dropReason, t.end?.host],
          ['DROPPED', 'NO_NEIGHBOR', 'vpc-router'],
          'the other real servers are not modelled',
        );
    });
  }

  it('the round trip: the SYN-ACK to 10.12.97.49 arrives on eth0, is de-MASQUERADEd and dropped by strict rp_filter', () => {
    const reply = curl(files(), '10.253.4.194:8000').reply;
    assert.equal(on(reply, 'interface')[0]?.iface, 'eth0');
    assert.match(on(reply, 'conntrack')[1]?.explanation ?? '', /destination 10\.12\.97\.49:44624 → 10\.12\.192\.44:44624/);
    const rp = on(reply, 'rp_filter')[0];
    assert.match(rp?.explanation ?? '', /^rp_filter strict .*reverse lookup for 10\.253\.4\.194 from 10\.12\.192\.44/);
    assert.ok(rp?.explanation.includes(RULE_2000));
    assert.deepEqual([reply?.disposition, reply?.dropReason, reply?.end?.host], ['DROPPED', 'RP_FILTER', NODE]);
    assert.equal(on(reply, 'ipvs').length, 0, 'dropped before IPVS sees the reply at FORWARD');
  });

  it('with eth0 rp_filter = 2 (loose) the reply passes, ip_vs_reply4 at FORWARD restores 10.12.115.101:80 and the pod gets it', () => {
    const reply = curl(files({ eth0RpFilter: 2 }), '10.253.4.194:8000').reply;
    const ipvs = on(reply, 'ipvs')[0];
    assert.deepEqual([ipvs?.hook, ipvs?.priority], ['FORWARD', 100]);
    assert.match(ipvs?.explanation ?? '', /source 10\.253\.4\.194:8000 → 10\.12\.115\.101:80/);
    assert.deepEqual(
      [reply?.disposition, reply?.end?.host, reply?.end?.packet.src, reply?.end?.packet.sport, reply?.end?.packet.dst],
      ['DELIVERED', POD, '10.12.115.101', 80, '10.12.192.44'],
    );
  });

  it('with net.ipv4.vs.conntrack = 0 the packet is untracked: no re-route, no MASQUERADE, it leaves eth0 with the pod source', () => {
    const t = curl(files({ vsConntrack: 0 }), '10.253.4.194:8000');
    assert.ok(!on(t, 'netfilter').some((s) => s.verdict === 'MASQUERADE'));
    const leaving = on(t, 'interface').find((s) => s.iface === 'eth0');
    assert.equal(leaving?.packetAfter?.src, '10.12.192.44');
  });
});
