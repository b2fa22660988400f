import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Host } from '@hookpath/model';
import { exampleFiles, loadExample, modelFromText, parseExample } from '../pipeline/testing/load-example';
import { addressType, masqueradeSource, redirectDestination } from './environment';
import { compileFib } from '../routing/fib';
import { routeOutput } from '../routing/route-output';

const hostOf = (name: string, hosts: Host[]): Host => {
  const h = hosts.find((x) => x.name === name);
  if (h === undefined) throw new Error(`no host ${name}`);
  return h;
};

describe('MASQUERADE source (oracle fact 10, inet_select_addr)', () => {
  const node = hostOf('node-10-12-97-49', loadExample('004-eni-ipvs-rp-filter').hosts);

  it('seed 004: eth1 has no address, so eth0 lends 10.12.97.49', () => {
    assert.equal(masqueradeSource(node, 'eth1', '10.12.192.1'), '10.12.97.49');
  });

  it("an interface with an address uses its primary in the next hop's subnet", () => {
    assert.equal(masqueradeSource(node, 'eth0', '10.12.97.1'), '10.12.97.49');
  });

  it('never a secondary address, and a route src does not matter', () => {
    const gw = hostOf('vpc-nat-gw-eip-p7cs4r5y-0', loadExample('000-vpc-nat-gw-eip').hosts);
    // net1 holds 192.169.100.3 (primary) and the EIP 192.169.100.2 (secondary)
    assert.equal(masqueradeSource(gw, 'net1', '192.169.100.1'), '192.169.100.3');
  });

  it("without ip-addr the addresses come from the local table (a secondary's local route has its primary as src)", () => {
    const files = exampleFiles('000-vpc-nat-gw-eip').filter(
      (f) =>
        f.path !== 'hosts/vpc-nat-gw-eip-p7cs4r5y-0/ip-addr.txt' &&
        f.path !== 'hosts/vpc-nat-gw-eip-p7cs4r5y-0/ip-link.txt' &&
        f.path !== 'topology.yaml',
    );
    const gw = hostOf('vpc-nat-gw-eip-p7cs4r5y-0', parseExample(files).hosts);
    assert.equal(gw.interfaces, null);
    assert.equal(masqueradeSource(gw, 'net1', '192.169.100.1'), '192.169.100.3');
    assert.equal(masqueradeSource(gw, 'eth0', '13.13.0.9'), '13.13.0.253');
  });

  it("lo's global addresses come first when the egress device has none", () => {
    const model = modelFromText({
      h: {
        'ip-addr.txt': [
          '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
          '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
          '    inet 127.0.0.1/8 scope host lo',
          '       valid_lft forever preferred_lft forever',
          '    inet 10.255.255.1/32 scope global lo',
          '       valid_lft forever preferred_lft forever',
          '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
          '    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
          '    inet 10.0.0.2/24 scope global eth0',
          '       valid_lft forever preferred_lft forever',
          '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
          '    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff',
          '',
        ].join('\n'),
      },
    });
    const h = hostOf('h', model.hosts);
    assert.equal(masqueradeSource(h, 'eth1', '192.0.2.1'), '10.255.255.1');
  });
});

describe('addrtype and REDIRECT', () => {
  const node = hostOf('node-10-12-97-49', loadExample('004-eni-ipvs-rp-filter').hosts);
  const fib = compileFib(node);

  it('classifies through the local table', () => {
    assert.equal(addressType(node, fib, '10.12.115.101'), 'LOCAL');
    assert.equal(addressType(node, fib, '10.12.97.49'), 'LOCAL');
    assert.equal(addressType(node, fib, '10.12.97.255'), 'BROADCAST');
    assert.equal(addressType(node, fib, '8.8.8.8'), 'UNICAST');
    assert.equal(addressType(node, fib, '224.0.0.1'), 'MULTICAST');
    assert.equal(addressType(node, fib, '127.0.0.5'), 'LOCAL');
  });

  it('--limit-iface: a local address on another device is UNICAST', () => {
    assert.equal(addressType(node, fib, '10.12.115.101', 'kube-ipvs0'), 'LOCAL');
    assert.equal(addressType(node, fib, '10.12.115.101', 'eth0'), 'UNICAST');
  });

  it("REDIRECT: the incoming device's first address, 127.0.0.1 for local packets, none on a bare device", () => {
    assert.equal(redirectDestination(node, 'eth0'), '10.12.97.49');
    assert.equal(redirectDestination(node, null), '127.0.0.1');
    assert.equal(redirectDestination(node, 'eth1'), null);
  });
});

describe('next hops', () => {
  const route = (lines: string[]): Host =>
    hostOf(
      'h',
      modelFromText({
        h: {
          'ip-addr.txt': [
            '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
            '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
            '    inet 127.0.0.1/8 scope host lo',
            '       valid_lft forever preferred_lft forever',
            '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
            '    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
            '    inet 10.0.0.2/24 scope global eth0',
            '       valid_lft forever preferred_lft forever',
            '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
            '    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff',
            '    inet 10.1.0.2/24 scope global eth1',
            '       valid_lft forever preferred_lft forever',
            '',
          ].join('\n'),
          'ip-route.txt': `${lines.join('\n')}\n`,
        },
      }).hosts,
    );
  const out = (h: Host, dst: string, multipath = 0): ReturnType<typeof routeOutput> => {
    const fib = compileFib(h);
    if (fib === null) throw new Error('no fib');
    return routeOutput(h, fib, { src: null, dst, mark: 0, proto: 6, sport: 1, dport: 2, tos: 0, oif: null, multipath });
  };
  const kernelRoutes = [
    '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2',
    '10.1.0.0/24 dev eth1 proto kernel scope link src 10.1.0.2',
    'local 10.0.0.2 dev eth0 table local proto kernel scope host src 10.0.0.2',
    'local 10.1.0.2 dev eth1 table local proto kernel scope host src 10.1.0.2',
  ];

  it('multipath: every path is reported, the first taken by default, another on request', () => {
    const h = route([
      ...kernelRoutes,
      '203.0.113.0/24 ',
      '\tnexthop via 10.0.0.1 dev eth0 weight 1 ',
      '\tnexthop via 10.1.0.1 dev eth1 weight 1 ',
    ]);
    const first = out(h, '203.0.113.5');
    assert.equal(first.kind, 'out');
    if (first.kind !== 'out') return;
    assert.deepEqual(first.egress.paths, ['via 10.0.0.1 dev eth0', 'via 10.1.0.1 dev eth1']);
    assert.equal(first.egress.dev, 'eth0');
    assert.equal(first.src, '10.0.0.2');
    assert.match(first.explanation, /multipath, 2 paths/);
    const second = out(h, '203.0.113.5', 1);
    assert.ok(second.kind === 'out' && second.egress.dev === 'eth1' && second.src === '10.1.0.2');
  });

  it('a gateway that is not on-link makes the route unusable (the kernel would refuse it); onlink skips the check', () => {
    const bad = out(route([...kernelRoutes, 'default via 192.0.2.1 dev eth0']), '8.8.8.8');
    assert.equal(bad.kind, 'unknown');
    assert.match(bad.kind === 'unknown' ? bad.reason : '', /not reachable on-link/);
    const onlink = out(route([...kernelRoutes, 'default via 192.0.2.1 dev eth0 onlink']), '8.8.8.8');
    assert.ok(onlink.kind === 'out' && onlink.egress.gateway === '192.0.2.1' && onlink.egress.dev === 'eth0');
  });

  it("the gateway must be on-link through the route's own device", () => {
    const wrongDev = out(route([...kernelRoutes, 'default via 10.1.0.1 dev eth0']), '8.8.8.8');
    assert.equal(wrongDev.kind, 'unknown');
  });

  it('a dead next hop is skipped and a shorter prefix takes over', () => {
    const h = route([...kernelRoutes, '198.51.100.0/24 via 10.1.0.1 dev eth1 dead linkdown', 'default via 10.0.0.1 dev eth0']);
    const r = out(h, '198.51.100.1');
    assert.ok(r.kind === 'out' && r.egress.dev === 'eth0');
  });
});
