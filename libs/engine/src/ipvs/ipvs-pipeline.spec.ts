import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotModel } from '@hookpath/model';
import { modelFromText } from '../pipeline/testing/load-example';
import { DEFAULT_RULES, ipAddrText, ipRouteText, type IfaceSpec } from '../pipeline/testing/text-hosts';
import { simulate } from '../simulate';
import type { Trace, TraceStep } from '../trace/trace';

/**
 * A director `lb` between a client `c` and two real servers. This kernel has no IPVS, so every
 * expectation encodes the kernel source it cites (net/netfilter/ipvs in torvalds/linux).
 */
const TOPOLOGY = 'segments:\n  - name: front\n    members: [c:eth0, lb:eth0]\n  - name: back\n    members: [lb:eth1, rs1:eth0, rs2:eth0]\n';
const C: IfaceSpec[] = [{ name: 'eth0', addrs: ['10.0.0.5/24'] }];
const LB: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.0.0.1/24'] },
  { name: 'eth1', addrs: ['10.1.0.1/24'] },
  { name: 'kube-ipvs0', addrs: ['10.96.0.10/32', '10.96.0.30/32'] },
];
/** rs2 owns the virtual address too (for direct routing: on a dummy, as LVS-DR needs). */
const rsIfaces = (address: string, vip: boolean): IfaceSpec[] => [
  { name: 'eth0', addrs: [`${address}/24`] },
  ...(vip ? [{ name: 'dummy0', addrs: ['10.96.0.10/32'] }] : []),
];
const HEADER =
  'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
const service = (forward: string, head = 'TCP  10.96.0.10:80 rr', weights: [number, number] = [1, 1]): string =>
  `${HEADER}${head}\n  -> 10.1.0.11:8080               ${forward.padEnd(7)} ${weights[0]}      0          0         \n  -> 10.1.0.12:8080               ${forward.padEnd(7)} ${weights[1]}      0          0         \n`;
const NAT_MASQ =
  '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth1 -j MASQUERADE\nCOMMIT\n';
const MANGLE_FWMARK =
  '*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -d 10.96.0.30/32 -p tcp -m tcp --dport 443 -j MARK --set-xmark 0x10/0xffffffff\nCOMMIT\n';

interface Director {
  ipvsadm: string;
  iptables?: string;
  vsConntrack?: 0 | 1;
}

function model(d: Director): SnapshotModel {
  const lb: Record<string, string> = {
    'ip-addr.txt': ipAddrText(LB),
    'ip-route.txt': ipRouteText(LB, []),
    'ip-rule.txt': DEFAULT_RULES,
    'sysctl.txt': `net.ipv4.ip_forward = 1\nnet.ipv4.vs.conntrack = ${d.vsConntrack ?? 1}\n`,
    'ipvsadm.txt': d.ipvsadm,
  };
  if (d.iptables !== undefined) lb['iptables-save.txt'] = d.iptables;
  const rs = (address: string, vip: boolean): Record<string, string> => ({
    'ip-addr.txt': ipAddrText(rsIfaces(address, vip)),
    'ip-route.txt': ipRouteText(rsIfaces(address, vip), ['default via 10.1.0.1 dev eth0 ']),
    'ip-rule.txt': DEFAULT_RULES,
    // LVS-DR real servers: ARP requests name the eth0 address, not the virtual address the director also owns
    'sysctl.txt': 'net.ipv4.conf.all.arp_announce = 2\nnet.ipv4.conf.all.arp_ignore = 1\n',
  });
  return modelFromText(
    {
      c: { 'ip-addr.txt': ipAddrText(C), 'ip-route.txt': ipRouteText(C, ['default via 10.0.0.1 dev eth0 ']), 'ip-rule.txt': DEFAULT_RULES },
      lb,
      rs1: rs('10.1.0.11', false),
      rs2: rs('10.1.0.12', true),
    },
    TOPOLOGY,
  );
}

const curl = (m: SnapshotModel, backend?: string, dst = '10.96.0.10', dport = 80): Trace =>
  simulate(
    m,
    { from: 'c', packet: { src: '10.0.0.5', dst, proto: 'tcp', sport: 40000, dport } },
    backend === undefined ? { roundTrip: true } : { roundTrip: true, backend },
  );
const lbSteps = (t: Trace | undefined, kind: TraceStep['kind']): TraceStep[] =>
  (t?.steps ?? []).filter((s) => s.host === 'lb' && s.kind === kind);

describe('IPVS on a director (net/netfilter/ipvs)', () => {
  it('ip_vs_core.c ip_vs_remote_request4 (LOCAL_IN, NF_IP_PRI_NAT_SRC - 1): after filter INPUT, every real server reported, the first with weight > 0 chosen', () => {
    const t = curl(model({ ipvsadm: service('Masq', 'TCP  10.96.0.10:80 rr', [0, 1]) }));
    const [sched] = lbSteps(t, 'ipvs');
    assert.equal(sched?.hook, 'INPUT');
    assert.equal(sched?.priority, 99);
    assert.match(
      sched?.explanation ?? '',
      /virtual service TCP 10\.96\.0\.10:80 rr .*real servers 10\.1\.0\.11:8080 \(Masq, weight 0, 0 active\/0 inactive\), 10\.1\.0\.12:8080 \(Masq, weight 1/,
    );
    assert.match(sched?.explanation ?? '', /chose 10\.1\.0\.12:8080 \(rr: .*\) \(use --backend to pick another\)/);
  });

  it('ip_vs_xmit.c ip_vs_nat_xmit: Masq rewrites the destination to the real server; ip_vs_reply4 at FORWARD (priority 100) rewrites the reply source back', () => {
    const t = curl(model({ ipvsadm: service('Masq') }), '10.1.0.12:8080');
    assert.deepEqual(
      [t.disposition, t.end?.host, t.end?.packet.dst, t.end?.packet.dport, t.end?.packet.src],
      ['DELIVERED', 'rs2', '10.1.0.12', 8080, '10.0.0.5'],
    );
    const xmit = lbSteps(t, 'ipvs')[1];
    assert.match(xmit?.explanation ?? '', /^ip_vs_nat_xmit \(Masq\): destination 10\.96\.0\.10:80 → 10\.1\.0\.12:8080/);
    assert.match(
      lbSteps(t, 'routing')[1]?.explanation ?? '',
      /^IPVS route to the real server 10\.1\.0\.12 \(__ip_vs_get_out_rt, do_output_route4/,
    );
    const reply = t.reply;
    const back = lbSteps(reply, 'ipvs')[0];
    assert.equal(back?.hook, 'FORWARD');
    assert.equal(back?.priority, 100);
    assert.match(back?.explanation ?? '', /source 10\.1\.0\.12:8080 → 10\.96\.0\.10:80/);
    assert.deepEqual(
      [reply?.disposition, reply?.end?.host, reply?.end?.packet.src, reply?.end?.packet.sport],
      ['DELIVERED', 'c', '10.96.0.10', 80],
    );
  });

  it('ip_vs_nfct.c ip_vs_update_conntrack (net.ipv4.vs.conntrack = 1): the reply tuple comes from the real server, so nat POSTROUTING MASQUERADEs and conntrack undoes it for the reply', () => {
    const t = curl(model({ ipvsadm: service('Masq'), iptables: NAT_MASQ }), '10.1.0.11:8080');
    assert.ok(lbSteps(t, 'netfilter').some((s) => s.verdict === 'MASQUERADE' && s.hook === 'POSTROUTING'));
    assert.match(
      lbSteps(t, 'conntrack').find((s) => s.explanation.startsWith('connection confirmed'))?.explanation ?? '',
      /reply tcp 10\.1\.0\.11:8080 -> 10\.1\.0\.1:40000/,
    );
    assert.equal(t.end?.packet.src, '10.1.0.1');
    const reply = t.reply;
    assert.match(lbSteps(reply, 'conntrack')[1]?.explanation ?? '', /destination 10\.1\.0\.1:40000 → 10\.0\.0\.5:40000/);
    assert.deepEqual([reply?.disposition, reply?.end?.host, reply?.end?.packet.src], ['DELIVERED', 'c', '10.96.0.10']);
  });

  it('ip_vs_xmit.c ip_vs_nat_send_or_cont with net.ipv4.vs.conntrack = 0: ip_vs_notrack, the packet is UNTRACKED and MASQUERADE does not apply', () => {
    const t = curl(model({ ipvsadm: service('Masq'), iptables: NAT_MASQ, vsConntrack: 0 }), '10.1.0.11:8080');
    assert.match(lbSteps(t, 'ipvs')[1]?.explanation ?? '', /ip_vs_notrack/);
    assert.ok(!lbSteps(t, 'netfilter').some((s) => s.verdict === 'MASQUERADE'));
    assert.deepEqual([t.end?.host, t.end?.packet.src], ['rs1', '10.0.0.5']);
  });

  it('ip_vs_xmit.c ip_vs_dr_xmit: direct routing keeps the addresses and sends the frame to the real server, whose answer from the virtual address is a martian on the director', () => {
    const t = curl(model({ ipvsadm: service('Route') }), '10.1.0.12:8080');
    assert.match(lbSteps(t, 'ipvs')[1]?.explanation ?? '', /^ip_vs_dr_xmit \(Route/);
    const out = lbSteps(t, 'interface').find((s) => s.iface === 'eth1');
    assert.match(out?.explanation ?? '', /next hop 10\.1\.0\.12/);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst, t.end?.packet.dport], ['DELIVERED', 'rs2', '10.96.0.10', 80]);
    assert.equal(lbSteps(t.reply, 'ipvs').length, 0, 'a DR reply is no IPVS connection reply');
    // the real server answers from 10.96.0.10 by its default route, the director; the director owns that
    // address, so fib_validate_source rejects it as a martian source: LVS-DR replies must bypass the director
    assert.deepEqual(
      [t.reply?.disposition, t.reply?.dropReason, t.reply?.end?.host, t.reply?.end?.packet.src],
      ['DROPPED', 'RP_FILTER', 'lb', '10.96.0.10'],
    );
    assert.match(lbSteps(t.reply, 'drop')[0]?.explanation ?? '', /martian source 10\.96\.0\.10/);
  });

  it('ip_vs_xmit.c ip_vs_tunnel_xmit: IPIP encapsulation reported with its outer header; the encapsulated packet is not followed', () => {
    const t = curl(model({ ipvsadm: service('Tunnel') }), '10.1.0.11:8080');
    assert.match(
      lbSteps(t, 'ipvs')[1]?.explanation ?? '',
      /encapsulated in IPIP \(outer header 10\.1\.0\.1 -> 10\.1\.0\.11, protocol 4\) and sent out eth1/,
    );
    assert.equal(t.disposition, 'UNKNOWN');
  });

  it('ip_vs_xmit.c ip_vs_null_xmit: a Local real server gets the packet unchanged through LOCAL_IN', () => {
    const ipvsadm = `${HEADER}TCP  10.96.0.10:80 rr\n  -> 10.0.0.1:80                  Local   1      0          0         \n`;
    const t = curl(model({ ipvsadm }));
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst, t.end?.packet.dport], ['DELIVERED', 'lb', '10.96.0.10', 80]);
  });

  it('ip_vs_ctl.c ip_vs_service_find: a firewall-mark service matches the mark set in mangle PREROUTING', () => {
    const ipvsadm = `${HEADER}FWM  16 rr\n  -> 10.1.0.11:443                Masq    1      0          0         \n`;
    const t = curl(model({ ipvsadm, iptables: MANGLE_FWMARK }), undefined, '10.96.0.30', 443);
    assert.match(
      lbSteps(t, 'ipvs')[0]?.explanation ?? '',
      /virtual service FWM 0x10 rr \(firewall-mark service for the packet's mark 0x10\)/,
    );
    assert.deepEqual([t.end?.host, t.end?.packet.dst, t.end?.packet.dport], ['rs1', '10.1.0.11', 443]);
  });

  it('ip_vs_core.c ip_vs_sched_persist: a persistent service says why the scheduler still chooses (no template connection in the snapshot)', () => {
    const t = curl(model({ ipvsadm: service('Masq', 'TCP  10.96.0.10:80 rr persistent 360') }));
    assert.match(lbSteps(t, 'ipvs')[0]?.explanation ?? '', /persistent 360 s: ip_vs_sched_persist/);
  });

  it('ip_vs_core.c ip_vs_leave: no real server with weight > 0 answers ICMP port unreachable', () => {
    const t = curl(model({ ipvsadm: service('Masq', 'TCP  10.96.0.10:80 rr', [0, 0]) }));
    assert.equal(t.disposition, 'REJECTED');
    assert.match(lbSteps(t, 'drop')[0]?.explanation ?? '', /ip_vs_leave/);
  });

  it('ip_vs_core.c ip_vs_local_request4 (LOCAL_OUT, NF_IP_PRI_NAT_DST + 2): a client on the director is scheduled after nat OUTPUT; the reply is translated by ip_vs_reply4 at LOCAL_IN (98)', () => {
    const t = simulate(
      model({ ipvsadm: service('Masq') }),
      { from: 'lb', packet: { src: '0.0.0.0', dst: '10.96.0.10', proto: 'tcp', sport: 40000, dport: 80 } },
      { roundTrip: true },
    );
    const [sched, xmit] = lbSteps(t, 'ipvs');
    assert.deepEqual([sched?.hook, sched?.priority], ['OUTPUT', -98]);
    assert.match(sched?.explanation ?? '', /^IPVS \(ip_vs_local_request4 at LOCAL_OUT/);
    assert.match(xmit?.explanation ?? '', /^ip_vs_nat_xmit \(Masq\): destination 10\.96\.0\.10:80 → 10\.1\.0\.11:8080/);
    // the local route to the virtual address chose the source: the address itself (its local route's src)
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src, t.end?.packet.dst], ['DELIVERED', 'rs1', '10.96.0.10', '10.1.0.11']);
    const back = lbSteps(t.reply, 'ipvs')[0];
    assert.deepEqual([back?.hook, back?.priority], ['INPUT', 98]);
    assert.deepEqual(
      [t.reply?.disposition, t.reply?.end?.host, t.reply?.end?.packet.src, t.reply?.end?.packet.sport],
      ['DELIVERED', 'lb', '10.96.0.10', 80],
    );
  });

  it('a packet for no virtual service (ICMP echo to the virtual address) is answered by the director itself', () => {
    const t = simulate(model({ ipvsadm: service('Masq') }), { from: 'c', packet: { src: '10.0.0.5', dst: '10.96.0.10', proto: 'icmp' } });
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'lb']);
    assert.equal(lbSteps(t, 'ipvs').length, 0);
  });
});
