import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotModel } from '@hookpath/model';
import type { PacketSpec } from '../packet/packet';
import { simulate } from '../simulate';
import type { Trace } from '../trace/trace';
import { modelFromText } from './testing/load-example';
import { DEFAULT_RULES, ipAddrText, ipRouteText, type IfaceSpec } from './testing/text-hosts';

/**
 * Conformance scenario 28's wiring (veth links, no segment):
 *   o 10.1.0.2/24 (+ 10.2.0.77/32) eth0 --- eth0 10.1.0.1/24 [gw] eth1 10.2.0.1/24 --- eth0 srv 10.2.0.2/24
 * gw's eth2 is wired to nothing.
 */
const TOPOLOGY = 'links:\n  - ["o:eth0", "gw:eth0"]\n  - ["gw:eth1", "srv:eth0"]\nsegments: []\n';
const O_MAC = '0a:00:00:00:00:0a';
const GW_ETH1_MAC = '02:00:00:00:03:07';
const SRV_MAC = '0a:00:00:00:00:0b';

const O: IfaceSpec[] = [{ name: 'eth0', addrs: ['10.1.0.2/24', '10.2.0.77/32'] }];
const GW: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.1.0.1/24'] },
  { name: 'eth1', addrs: ['10.2.0.1/24'] },
  { name: 'eth2', addrs: ['10.3.0.1/24'] },
];
const SRV: IfaceSpec[] = [{ name: 'eth0', addrs: ['10.2.0.2/24'] }];

const withMac = (text: string, mac: string): string => text.replace('02:00:00:00:02:06', mac);
const broadcast = (dev: string, address: string, src: string): string =>
  `broadcast ${address} dev ${dev} table local proto kernel scope link src ${src} `;

interface Variant {
  gwSysctl?: string;
  /** o's `ip -j neigh show`. */
  oNeigh?: string;
  gwRules?: string;
  srvRules?: string;
  /** gw's eth0 address (default 10.1.0.1/24). */
  gwEth0?: string;
  oRoutes?: string[];
}

function model(v: Variant = {}): SnapshotModel {
  const gwIfaces = v.gwEth0 === undefined ? GW : [{ name: 'eth0', addrs: [v.gwEth0] }, ...GW.slice(1)];
  const o: Record<string, string> = {
    'ip-addr.txt': withMac(ipAddrText(O), O_MAC),
    'ip-route.txt': ipRouteText(O, [
      '10.2.0.0/24 via 10.1.0.1 dev eth0 src 10.1.0.2 ',
      ...(v.oRoutes ?? []),
      broadcast('eth0', '10.1.0.255', '10.1.0.2'),
    ]),
    'ip-rule.txt': DEFAULT_RULES,
  };
  if (v.oNeigh !== undefined) o['neigh.json'] = v.oNeigh;
  const gw: Record<string, string> = {
    'ip-addr.txt': ipAddrText(gwIfaces),
    'ip-route.txt': ipRouteText(gwIfaces, v.gwEth0 === undefined ? [broadcast('eth0', '10.1.0.255', '10.1.0.1')] : []),
    'ip-rule.txt': DEFAULT_RULES,
    'sysctl.txt': v.gwSysctl ?? 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.eth0.rp_filter = 1\n',
  };
  if (v.gwRules !== undefined) gw['iptables-save.txt'] = v.gwRules;
  const srv: Record<string, string> = {
    'ip-addr.txt': withMac(ipAddrText(SRV), SRV_MAC),
    'ip-route.txt': ipRouteText(SRV, ['default via 10.2.0.1 dev eth0 ']),
    'ip-rule.txt': DEFAULT_RULES,
  };
  if (v.srvRules !== undefined) srv['iptables-save.txt'] = v.srvRules;
  return modelFromText({ o, gw, srv }, TOPOLOGY);
}

const udp = (src: string, dst: string): PacketSpec => ({ src, dst, proto: 'udp', sport: 42801, dport: 53 });
const run = (m: SnapshotModel, from: string, packet: PacketSpec): Trace => simulate(m, { from, packet });
const last = (t: Trace): string => t.steps[t.steps.length - 1]?.explanation ?? '';
const filter = (rules: string[]): string =>
  `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${rules.join('\n')}\nCOMMIT\n`;

describe('neighbour resolution on a veth link (oracle fact 11)', () => {
  it('strict rp_filter on the peer ignores the ARP request for a spoofed source: NO_NEIGHBOR at the sender', () => {
    const t = run(model(), 'o', udp('10.2.0.77', '10.2.0.2'));
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host, t.end?.iface], ['DROPPED', 'NO_NEIGHBOR', 'o', 'eth0']);
    assert.ok(!t.steps.some((s) => s.host === 'gw'), 'the packet never reaches gw');
    assert.match(last(t), /ARP who-has 10\.1\.0\.1 tell 10\.2\.0\.77 gets no answer/);
    assert.match(last(t), /rp_filter strict .*net\.ipv4\.conf\.eth0\.rp_filter = 1/);
  });

  it('the ARP request carries the local source address the packet has (arp_announce 0), else the egress address', () => {
    const own = run(model(), 'o', udp('10.1.0.2', '10.2.0.2'));
    assert.equal(own.disposition, 'DELIVERED');
    assert.match(
      own.steps.find((s) => s.host === 'o' && s.kind === 'interface')?.explanation ?? '',
      /tell 10\.1\.0\.2: gw:eth0 answers ARP for 10\.1\.0\.1/,
    );
    const announce = run(model(), 'o', udp('10.2.0.77', '10.2.0.2'));
    assert.equal(announce.dropReason, 'NO_NEIGHBOR');
  });

  it('loose rp_filter answers: the packet is forwarded to srv', () => {
    const t = run(model({ gwSysctl: 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.eth0.rp_filter = 2\n' }), 'o', udp('10.2.0.77', '10.2.0.2'));
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'srv']);
  });

  it('a usable neighbour entry sends without asking: then the packet itself meets rp_filter at gw', () => {
    const neigh = '[{"dst":"10.1.0.1","dev":"eth0","lladdr":"02:00:00:00:02:06","state":["PERMANENT"]}]';
    const t = run(model({ oNeigh: neigh }), 'o', udp('10.2.0.77', '10.2.0.2'));
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host], ['DROPPED', 'RP_FILTER', 'gw']);
    assert.match(
      t.steps.find((s) => s.host === 'o' && s.kind === 'interface')?.explanation ?? '',
      /neighbour entry 10\.1\.0\.1 lladdr 02:00:00:00:02:06 PERMANENT on eth0/,
    );
  });

  it('an INCOMPLETE entry is not usable: the request goes out again and is ignored again', () => {
    const neigh = '[{"dst":"10.1.0.1","dev":"eth0","state":["INCOMPLETE"]}]';
    assert.equal(run(model({ oNeigh: neigh }), 'o', udp('10.2.0.77', '10.2.0.2')).dropReason, 'NO_NEIGHBOR');
  });

  it('a next hop the peer does not own and does not proxy: NO_NEIGHBOR; proxy_arp answers for a routed target', () => {
    const m = (sysctl: string): SnapshotModel => model({ gwSysctl: sysctl });
    const toGateway = (mm: SnapshotModel): Trace => run(mm, 'o', udp('10.1.0.2', '10.1.0.99'));
    const none = toGateway(m('net.ipv4.ip_forward = 1\n'));
    assert.deepEqual([none.dropReason, none.end?.host], ['NO_NEIGHBOR', 'o']);
    assert.match(last(none), /gw:eth0 does not own 10\.1\.0\.99/);
    const onLink = ['10.3.0.0/24 dev eth0 scope link '];
    const proxied = run(
      model({ oRoutes: onLink, gwSysctl: 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.eth0.proxy_arp = 1\n' }),
      'o',
      udp('10.1.0.2', '10.3.0.9'),
    );
    assert.equal(proxied.dropReason, null);
    assert.deepEqual([proxied.disposition, proxied.end?.host, proxied.end?.iface], ['EXITED', 'gw', 'eth2']);
    assert.match(
      proxied.steps.find((s) => s.host === 'o' && s.kind === 'interface')?.explanation ?? '',
      /gw:eth0 answers ARP for 10\.3\.0\.9 by proxy_arp \(routed out eth2\)/,
    );
    const unproxied = run(model({ oRoutes: onLink, gwSysctl: 'net.ipv4.ip_forward = 1\n' }), 'o', udp('10.1.0.2', '10.3.0.9'));
    assert.equal(unproxied.dropReason, 'NO_NEIGHBOR');
  });

  it('arp_filter: the route back to the requester must leave by the receiving interface', () => {
    const t = run(
      model({ gwSysctl: 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.arp_filter = 1\nnet.ipv4.conf.all.rp_filter = 2\n' }),
      'o',
      udp('10.2.0.77', '10.2.0.2'),
    );
    assert.deepEqual([t.dropReason, t.end?.host], ['NO_NEIGHBOR', 'o']);
    assert.match(last(t), /arp_filter is on and the route back to 10\.2\.0\.77 leaves by eth1, not eth0/);
  });

  it('arp_ignore 1: a target on another interface of the peer is not answered (0 answers it)', () => {
    const direct = ['10.2.0.1 dev eth0 scope link '];
    const icmp: PacketSpec = { src: '10.1.0.2', dst: '10.2.0.1', proto: 'icmp' };
    const answered = run(model({ oRoutes: direct, gwSysctl: 'net.ipv4.ip_forward = 1\n' }), 'o', icmp);
    assert.deepEqual([answered.disposition, answered.end?.host], ['DELIVERED', 'gw']);
    const ignored = run(model({ oRoutes: direct, gwSysctl: 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.arp_ignore = 1\n' }), 'o', icmp);
    assert.deepEqual([ignored.dropReason, ignored.end?.host], ['NO_NEIGHBOR', 'o']);
    assert.match(last(ignored), /10\.2\.0\.1 is not on eth0 and arp_ignore = 1/);
  });
});

describe('the source MAC of a frame (-m mac, bitmap:ip,mac)', () => {
  const rules = filter([`-A INPUT -m mac --mac-source ${O_MAC} -j ACCEPT`, `-A FORWARD -m mac --mac-source ${O_MAC} -j ACCEPT`]);

  it("is the sending interface's MAC on the peer of a link", () => {
    const t = run(
      model({ gwRules: rules, srvRules: filter([`-A INPUT -m mac --mac-source ${GW_ETH1_MAC} -j ACCEPT`]) }),
      'o',
      udp('10.1.0.2', '10.2.0.2'),
    );
    assert.equal(t.disposition, 'DELIVERED');
    const hits = t.steps
      .filter((s) => s.kind === 'netfilter' && s.rule !== null && s.rule !== undefined)
      .map((s) => `${s.host} ${s.chain} ${s.rule}`);
    assert.deepEqual(hits, [
      `gw FORWARD -A FORWARD -m mac --mac-source ${O_MAC} -j ACCEPT`,
      `srv INPUT -A INPUT -m mac --mac-source ${GW_ETH1_MAC} -j ACCEPT`,
    ]);
  });

  it('a trace starting on <host>:<iface> takes the MAC of the link peer', () => {
    const t = run(model({ gwRules: rules }), 'gw:eth0', udp('10.1.0.2', '10.1.0.1'));
    assert.equal(t.steps.find((s) => s.kind === 'netfilter')?.rule, `-A INPUT -m mac --mac-source ${O_MAC} -j ACCEPT`);
    const fromSrv = run(
      model({ gwRules: filter([`-A INPUT -m mac --mac-source ${SRV_MAC} -j ACCEPT`]) }),
      'gw:eth1',
      udp('10.2.0.2', '10.2.0.1'),
    );
    assert.equal(fromSrv.steps.find((s) => s.kind === 'netfilter')?.verdict, 'ACCEPT');
  });

  it('is unknown on an unwired interface: the mac match cannot decide', () => {
    const t = run(model({ gwRules: rules }), 'gw:eth2', udp('10.3.0.5', '10.3.0.1'));
    assert.equal(t.disposition, 'UNKNOWN');
    assert.match(String(t.dropReason), /source MAC/);
  });
});

describe('broadcast output', () => {
  const ping = (m: SnapshotModel): Trace => run(m, 'o', { src: '10.1.0.2', dst: '10.1.0.255', proto: 'icmp', icmpId: 803 });

  it('goes out on the wire and is delivered by the peer whose subnet broadcast it is', () => {
    const t = ping(model({ gwRules: filter(['-A INPUT -m addrtype --dst-type BROADCAST -j ACCEPT']) }));
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'gw']);
    const route = t.steps.find((s) => s.host === 'o' && s.kind === 'routing');
    assert.equal(route?.iface, 'eth0');
    assert.match(route?.explanation ?? '', /broadcast 10\.1\.0\.255 out eth0 .*a copy is also looped back/);
    assert.match(
      t.steps.find((s) => s.host === 'o' && s.kind === 'interface')?.explanation ?? '',
      /link-layer broadcast \(no neighbour resolution\)/,
    );
    assert.equal(
      t.steps.find((s) => s.host === 'gw' && s.kind === 'netfilter')?.rule,
      '-A INPUT -m addrtype --dst-type BROADCAST -j ACCEPT',
    );
  });

  it('is never forwarded by a peer for which it is not a broadcast', () => {
    const t = ping(model({ gwEth0: '10.1.0.1/16' }));
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host], ['DROPPED', 'NOT_FORWARDING', 'gw']);
    assert.match(last(t), /link-layer broadcast/);
  });

  it('the limited broadcast leaves by the device of the matching route, without its gateway', () => {
    const t = run(model(), 'srv', { src: '10.2.0.2', dst: '255.255.255.255', proto: 'udp', sport: 68, dport: 67 });
    const route = t.steps.find((s) => s.host === 'srv' && s.kind === 'routing');
    assert.match(route?.explanation ?? '', /broadcast 255\.255\.255\.255 out eth0/);
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'gw']);
  });
});
