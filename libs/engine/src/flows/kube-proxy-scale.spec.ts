import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileSnapshot, simulateCompiled } from '../simulate';
import { modelFromText } from '../pipeline/testing/load-example';
import { DEFAULT_RULES, ipAddrText, ipRouteText, type IfaceSpec } from '../pipeline/testing/text-hosts';
import { generateFlows, iterateFlows } from './generate-flows';

const vip = (i: number): string => `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
const podIp = (i: number): string => `10.244.${i >> 8}.${(i & 255) + 2}`;

/**
 * An iptables-save of kube-proxy in iptables mode, in the layout of tools/gen-kube-proxy-rules.mjs:
 * service i is `ns-<i%8>/svc-<i>:http` on 10.96.x.y:80/tcp; every 7th also serves dns 53/udp; every
 * 13th has no endpoints (REJECTed in filter KUBE-SERVICES, absent from nat); every 10th is a NodePort.
 */
function kubeProxyRules(services: number): string {
  const natChains: string[] = [
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-SERVICES - [0:0]',
  ];
  const nat: string[] = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  ];
  const filter: string[] = [];
  for (let i = 0; i < services; i++) {
    const name = `ns-${i % 8}/svc-${i}`;
    if (i % 13 === 12) {
      filter.push(
        `-A KUBE-SERVICES -d ${vip(i)}/32 -p tcp -m comment --comment "${name}:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`,
      );
      continue;
    }
    const ports: [string, 'tcp' | 'udp', number][] = [['http', 'tcp', 80]];
    if (i % 7 === 0) ports.push(['dns', 'udp', 53]);
    for (const [port, proto, number] of ports) {
      const svc = `KUBE-SVC-${i}-${port.toUpperCase()}`;
      const sep = `KUBE-SEP-${i}-${port.toUpperCase()}`;
      const match = `-d ${vip(i)}/32 -p ${proto} -m comment --comment "${name}:${port} cluster IP" -m ${proto} --dport ${number}`;
      natChains.push(`:${svc} - [0:0]`, `:${sep} - [0:0]`);
      nat.push(`-A KUBE-SERVICES ${match} -j ${svc}`);
      nat.push(`-A ${svc} ! -s 10.244.0.0/16 ${match} -j KUBE-MARK-MASQ`);
      nat.push(`-A ${svc} -m comment --comment "${name}:${port} -> ${podIp(i)}:8080" -j ${sep}`);
      nat.push(`-A ${sep} -p ${proto} -m comment --comment "${name}:${port}" -m ${proto} -j DNAT --to-destination ${podIp(i)}:8080`);
      if (i % 10 === 0 && proto === 'tcp')
        nat.push(`-A KUBE-NODEPORTS -p tcp -m comment --comment "${name}:${port}" -m tcp --dport ${30000 + i / 10} -j ${svc}`);
    }
  }
  nat.push(
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  return [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ...filter,
    'COMMIT',
    '*nat',
    ...natChains,
    ...nat,
    'COMMIT',
    '',
  ].join('\n');
}

function ipAddr(iface: string, cidr: string): string {
  return [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
    '    inet 127.0.0.1/8 scope host lo',
    '       valid_lft forever preferred_lft forever',
    `2: ${iface}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000`,
    '    link/ether 0a:58:0a:f4:00:02 brd ff:ff:ff:ff:ff:ff',
    `    inet ${cidr} scope global ${iface}`,
    '       valid_lft forever preferred_lft forever',
    '',
  ].join('\n');
}

function cluster(services: number, pods: number): ReturnType<typeof modelFromText> {
  const hosts: Record<string, Record<string, string>> = {
    'node-1': {
      'meta.yaml': 'role: node\n',
      'ip-addr.txt': ipAddr('eth0', '192.168.1.10/24'),
      'iptables-save.txt': kubeProxyRules(services),
    },
  };
  for (let p = 0; p < pods; p++)
    hosts[`pod-${p}`] = { 'meta.yaml': 'role: pod\nnode: node-1\n', 'ip-addr.txt': ipAddr('eth0', `10.244.200.${p + 2}/24`) };
  return modelFromText(hosts);
}

/**
 * The same node with pod-0 wired to it: pod-0 routes everything through the node (10.244.200.1 on
 * the node's veth0), and the node forwards towards the other nodes' pods by its default route on
 * eth0, which leaves the snapshot.
 */
function wiredCluster(services: number): ReturnType<typeof modelFromText> {
  const node: IfaceSpec[] = [
    { name: 'eth0', addrs: ['192.168.1.10/24'] },
    { name: 'veth0', addrs: ['10.244.200.1/24'] },
  ];
  const pod: IfaceSpec[] = [{ name: 'eth0', addrs: ['10.244.200.2/24'] }];
  const sysctl =
    'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.default.rp_filter = 0\nnet.ipv4.conf.eth0.rp_filter = 0\nnet.ipv4.conf.veth0.rp_filter = 0\n';
  return modelFromText(
    {
      'node-1': {
        'meta.yaml': 'role: node\n',
        'ip-addr.txt': ipAddrText(node),
        'ip-route.txt': ipRouteText(node, ['default via 192.168.1.1 dev eth0 ']),
        'ip-rule.txt': DEFAULT_RULES,
        'sysctl.txt': sysctl,
        'iptables-save.txt': kubeProxyRules(services),
      },
      'pod-0': {
        'meta.yaml': 'role: pod\nnode: node-1\n',
        'ip-addr.txt': ipAddrText(pod),
        'ip-route.txt': ipRouteText(pod, ['default via 10.244.200.1 dev eth0 ']),
        'ip-rule.txt': DEFAULT_RULES,
      },
    },
    'links:\n  - [pod-0:eth0, node-1:veth0]\n',
  );
}

describe('flow generators on kube-proxy iptables rules', () => {
  it('pods-to-services: pods x Services, with the UDP ports and the Services without endpoints', () => {
    const model = cluster(50, 4);
    const flows = generateFlows(model, 'pods-to-services');
    // 50 tcp/80 Services (4 of them only in filter) plus udp/53 on services 0, 7, ..., 49
    assert.equal(flows.length, 4 * (50 + 8));
    const expected: string[] = [];
    for (let i = 0; i < 50; i++) {
      if (i % 7 === 0 && i % 13 !== 12) expected.push(`pod-0 -> ns-${i % 8}/svc-${i}:dns ${vip(i)}:53/udp`);
      expected.push(`pod-0 -> ns-${i % 8}/svc-${i}:http ${vip(i)}:80/tcp`);
    }
    assert.deepEqual(
      flows.filter((f) => f.from === 'pod-0').map((f) => f.label),
      expected,
    );
    assert.deepEqual(flows[0], {
      from: 'pod-0',
      packet: { src: '10.244.200.2', dst: '10.96.0.0', proto: 'udp', dport: 53 },
      label: 'pod-0 -> ns-0/svc-0:dns 10.96.0.0:53/udp',
    });
    assert.deepEqual([...new Set(flows.map((f) => f.from))], ['pod-0', 'pod-1', 'pod-2', 'pod-3']);
  });

  it('pods-to-services traced: each Service with endpoints is DNATed to its own endpoint; one only in filter (not hooked) leaves un-NATed', () => {
    const model = wiredCluster(50);
    const compiled = compileSnapshot(model);
    const flows = generateFlows(model, 'pods-to-services');
    assert.equal(flows.length, 50 + 8);
    const ends = flows.map((flow) => {
      const t = simulateCompiled(compiled, flow);
      const end = t.end?.packet;
      return `${flow.label}: ${t.disposition} at ${t.end?.host}:${t.end?.iface} ${end?.dst}:${end?.dport}`;
    });
    const expected: string[] = [];
    for (let i = 0; i < 50; i++) {
      const label = (port: string, dport: number, proto: string): string =>
        `pod-0 -> ns-${i % 8}/svc-${i}:${port} ${vip(i)}:${dport}/${proto}`;
      // the kube-proxy rules of a Service without endpoints are a REJECT in filter KUBE-SERVICES, which
      // no built-in chain of this rule set jumps to: the packet is forwarded to the ClusterIP unchanged
      const to = (dport: number): string => (i % 13 === 12 ? `${vip(i)}:${dport}` : `${podIp(i)}:8080`);
      if (i % 7 === 0 && i % 13 !== 12) expected.push(`${label('dns', 53, 'udp')}: EXITED at node-1:eth0 ${to(53)}`);
      expected.push(`${label('http', 80, 'tcp')}: EXITED at node-1:eth0 ${to(80)}`);
    }
    assert.deepEqual(ends, expected);
  });

  it('compiles the rules a packet reaches when it first reaches them, and counts them: the same packet again compiles nothing', () => {
    const model = wiredCluster(50);
    const compiled = compileSnapshot(model);
    const ruleCount = model.hosts
      .flatMap((h) => h.iptables?.tables ?? [])
      .reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
    assert.deepEqual({ ...compiled.compiledSoFar }, { rules: 0, indexes: 0 });
    const [flow] = generateFlows(model, 'pods-to-services');
    assert.ok(flow !== undefined);
    assert.equal(simulateCompiled(compiled, flow).disposition, 'EXITED');
    const first = { ...compiled.compiledSoFar };
    // nat KUBE-SERVICES (55 rules) is indexed: its candidates, the Service's and the endpoint's chains
    assert.equal(first.indexes, 1);
    assert.ok(first.rules > 0 && first.rules < 10, `${first.rules} of ${ruleCount} rules compiled`);
    assert.equal(simulateCompiled(compiled, flow).disposition, 'EXITED');
    assert.deepEqual({ ...compiled.compiledSoFar }, first);
  });

  it("outside-to-exposed: every KUBE-NODEPORTS port on the node's address", () => {
    const flows = generateFlows(cluster(50, 1), 'outside-to-exposed');
    assert.deepEqual(
      flows.map((f) => f.label),
      [0, 10, 20, 30, 40].map((i) => `node-1:eth0 -> nodeport ns-${i % 8}/svc-${i}:http 192.168.1.10:${30000 + i / 10}/tcp`),
    );
    assert.ok(flows.every((f) => f.packet.src === '198.51.100.10'));
  });

  it('20k Services x 100 pods: the limit stops at 100k flows, pods outer and Services inner, produced lazily', () => {
    const model = cluster(20000, 100);
    const flows = generateFlows(model, 'pods-to-services', { limit: 100_000 });
    assert.equal(flows.length, 100_000);
    let services = 0;
    for (let i = 0; i < 20000; i++) services += i % 7 === 0 && i % 13 !== 12 ? 2 : 1;
    // pods outer, Services inner
    assert.equal(flows[services]?.from, 'pod-1');
    assert.equal(flows[services - 1]?.label, `pod-0 -> ns-${19999 % 8}/svc-19999:http ${vip(19999)}:80/tcp`);
    // lazily: the first of the 100 x 22,858 flows comes without building the rest
    const first = iterateFlows(model, 'pods-to-services').next();
    assert.deepEqual(first.value, flows[0]);
  });
});
