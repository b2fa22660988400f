#!/usr/bin/env node
// Writes the snapshot folder of a whole kube-ovn cluster with kube-proxy in iptables mode, and the
// flows to trace through it, for benchmarks of how cost grows with the cluster. Deterministic: the
// same arguments give the same files.
//
//   node tools/gen-kube-ovn-cluster.mjs --nodes N --out DIR [--rules-per-node 20000] [--ports 5000]
//                                       [--flows-per-node 50]
//
// DIR/snapshot/ (the layout of SNAPSHOT-LAYOUT.md):
// - hosts/node-<i>/ per node: `iptables-save -c` with kube-ovn's chains (mangle, filter, nat, as
//   kube-ovn 1.12 installs them) and kube-proxy's (KUBE-SERVICES, KUBE-SVC-*, KUBE-SEP-* with
//   -m statistic, KUBE-NODEPORTS, KUBE-EXT-*, REJECTs of Services without endpoints), about
//   --rules-per-node rules, every node its own counters; kube-ovn's ipsets (ovn40other-node lists
//   every other node); eth0 on the node network, ovn0 on the join subnet, the routes kube-ovn adds;
// - hosts/outside/: the upstream router on the node network (172.18.0.1) and the external network
//   (172.20.0.1), its default route out of the snapshot by eth1;
// - ovn/nb.json (`ovsdb-client -f json dump` shape): router ovn-cluster with the join, ovn-default and
//   external ports (the last a gateway port on two chassis), switch join with a node-<i> port per node,
//   switch ovn-default with the pods (together about --ports switch ports), the localnet port
//   ln-external, kube-ovn's router policies (31000 allow, 30000 / 29000 reroute per node) and port
//   groups, the default static route, FIPs (dnat_and_snat) on the gateway port, and the Services as
//   switch load balancers (cluster-tcp-loadbalancer, the same VIPs and endpoints as kube-proxy's);
//   ovn/sbctl-show.txt: a chassis per node with its pods' port bindings;
// - topology.yaml: the nodes' eth0 and outside on one segment, each node's ovn0 bound to its join
//   port, the chassis to their nodes, ln-external to the segment.
// DIR/flows.json: --flows-per-node flows per node, as trace-batch flows (REST `flows`): the node to
//   Services (kube-proxy's OUTPUT walk), its pods to Services (OVN load balancer), its pods to the
//   outside (reroute to the node, MASQUERADE), the outside to a NodePort on its eth0, and the
//   outside to FIPs.
// DIR/summary.json: the counts.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addKubeProxyService, Table } from './iptables-save-text.mjs';

const USAGE =
  'usage: gen-kube-ovn-cluster.mjs --nodes N --out DIR [--rules-per-node N] [--ports N] [--flows-per-node N] (--flows-per-node a multiple of 10)';
const CLUSTER_CIDR = '10.16.0.0/16';
const NODEPORT_FIRST = 30000;
const NODEPORT_COUNT = 2768;
const FIPS = 200;
const CAPTURED = 'Mon Dec  7 04:00:00 2026';

function fail(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { nodes: null, out: null, rulesPerNode: 20_000, ports: 5_000, flowsPerNode: 50 };
  const numbers = { '--nodes': 'nodes', '--rules-per-node': 'rulesPerNode', '--ports': 'ports', '--flows-per-node': 'flowsPerNode' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag in numbers) {
      if (!/^[0-9]+$/.test(value ?? '')) fail(`${flag} needs a number`);
      args[numbers[flag]] = Number(value);
    } else if (flag === '--out' && value !== undefined) args.out = value;
    else fail(`unknown argument ${flag}`);
  }
  if (args.nodes === null || args.out === null) fail('--nodes and --out are needed');
  if (args.nodes < 2 || args.nodes > 1000) fail('--nodes is 2 to 1000');
  if (args.ports < args.nodes + 100 || args.ports > 60_000) fail('--ports is at least nodes + 100, at most 60,000');
  if (args.rulesPerNode < 200) fail('--rules-per-node is at least 200');
  if (args.flowsPerNode % 10 !== 0) fail('--flows-per-node is a multiple of 10');
  return args;
}

/** a.b.c.d of a base address plus an offset. */
function ip(base, offset) {
  const [a, b, c, d] = base.split('.').map(Number);
  const v = (((a << 24) >>> 0) + (b << 16) + (c << 8) + d + offset) >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

const mac = (kind, n) =>
  `00:00:00:${kind.toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;

/** A deterministic stream of numbers (xorshift32) for counters. */
function prng(seed) {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** The cluster's plan: nodes, pods (which node, address), Services (VIP, endpoints, NodePort). */
function plan({ nodes, ports }) {
  const nodeList = Array.from({ length: nodes }, (_, i) => ({
    name: `node-${i}`,
    ip: ip('172.18.0.2', i),
    joinIp: ip('100.64.0.2', i),
    chassis: `${createHash('sha256').update(`chassis-${i}`).digest('hex').slice(0, 8)}-0000-4000-8000-${String(i).padStart(12, '0')}`,
    pods: [],
  }));
  // the switch ports: a join port per node, 3 router ports, the localnet port, the rest pods
  const podCount = ports - nodes - 4;
  const pods = Array.from({ length: podCount }, (_, k) => {
    const node = nodeList[k % nodes];
    const pod = { name: `web-${k}.ns-${k % 50}`, ip: ip('10.16.0.10', k), mac: mac(0x16, k), node };
    node.pods.push(pod);
    return pod;
  });
  return { nodes: nodeList, pods };
}

/** kube-proxy's Services for about `budget` rules; the same on every node. */
function kubeProxy(budget, pods) {
  const nat = new Table('nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
  const filter = new Table('filter', ['INPUT', 'FORWARD', 'OUTPUT']);
  nat.add('KUBE-MARK-MASQ', '-j MARK --set-xmark 0x4000/0x4000');
  nat.add('KUBE-POSTROUTING', '-m mark ! --mark 0x4000/0x4000 -j RETURN');
  nat.add('KUBE-POSTROUTING', '-j MARK --set-xmark 0x4000/0x0');
  nat.add('KUBE-POSTROUTING', '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
  nat.chain('KUBE-NODEPORTS');
  const ctNew = '-m conntrack --ctstate NEW -m comment --comment';
  filter.add(
    'KUBE-FIREWALL',
    '! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
  );
  filter.add('KUBE-FORWARD', '-m conntrack --ctstate INVALID -j DROP');
  filter.add('KUBE-FORWARD', '-m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT');
  filter.add(
    'KUBE-FORWARD',
    '-m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  );
  for (const c of ['KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES']) filter.chain(c);
  const services = [];
  let nodePorts = 0;
  for (let i = 0; nat.count + filter.count + 1 < budget; i++) {
    const name = `ns-${i % 50}/svc-${i}:http`;
    const vip = ip('10.96.0.10', i);
    const endpoints = i % 97 === 96 ? [] : Array.from({ length: 1 + (i % 3) }, (_, k) => `${pods[(i * 7 + k * 13) % pods.length].ip}:8080`);
    const service = { vip, port: 80, endpoints, nodePort: null };
    services.push(service);
    const nodePort = () => (i % 10 === 0 && nodePorts < NODEPORT_COUNT ? NODEPORT_FIRST + nodePorts++ : null);
    service.nodePort = addKubeProxyService(nat, filter, { name, vip, endpoints, clusterCidr: CLUSTER_CIDR, nodePort });
  }
  nat.add(
    'KUBE-SERVICES',
    '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  const hooks = {
    nat: [
      ['PREROUTING', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
      ['OUTPUT', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
      ['POSTROUTING', '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'],
    ],
    filter: [
      ['INPUT', `${ctNew} "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`],
      ['INPUT', '-m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS'],
      ['INPUT', `${ctNew} "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`],
      ['INPUT', '-j KUBE-FIREWALL'],
      ['FORWARD', `${ctNew} "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`],
      ['FORWARD', '-m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD'],
      ['FORWARD', `${ctNew} "kubernetes service portals" -j KUBE-SERVICES`],
      ['FORWARD', `${ctNew} "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`],
      ['OUTPUT', `${ctNew} "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`],
      ['OUTPUT', `${ctNew} "kubernetes service portals" -j KUBE-SERVICES`],
      ['OUTPUT', '-j KUBE-FIREWALL'],
    ],
  };
  return { nat, filter, hooks, services, rules: nat.count + filter.count };
}

/** One node's iptables-save -c: kube-ovn's chains ahead of kube-proxy's, as kube-ovn inserts them. */
function iptablesSave(node, proxy, index) {
  const counter = (() => {
    const next = prng(index * 2654435761 + 1);
    return () => {
      const packets = next() % 5000;
      return `${packets}:${packets * (60 + (next() % 1400))}`;
    };
  })();
  const mangle = new Table('mangle', ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);
  mangle.add('PREROUTING', '-m comment --comment "kube-ovn prerouting rules" -j OVN-PREROUTING');
  mangle.add('OUTPUT', '-m comment --comment "kube-ovn output rules" -j OVN-OUTPUT');
  mangle.chain('OVN-PREROUTING');
  mangle.chain('OVN-OUTPUT');
  const filter = new Table('filter', ['INPUT', 'FORWARD', 'OUTPUT']);
  for (const hook of ['INPUT', 'FORWARD']) {
    for (const set of ['ovn40services', 'ovn40subnets']) {
      filter.add(hook, `-m set --match-set ${set} src -j ACCEPT`);
      filter.add(hook, `-m set --match-set ${set} dst -j ACCEPT`);
    }
  }
  filter.add('FORWARD', `-s ${CLUSTER_CIDR} -m comment --comment "ovn-subnet-gateway,ovn-default"`);
  filter.add('FORWARD', `-d ${CLUSTER_CIDR} -m comment --comment "ovn-subnet-gateway,ovn-default"`);
  filter.add('OUTPUT', '-p udp -m udp --dport 6081 -j MARK --set-xmark 0x0/0xffffffff');
  const nat = new Table('nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
  nat.add('PREROUTING', '-m comment --comment "kube-ovn prerouting rules" -j OVN-PREROUTING');
  nat.add('POSTROUTING', '-m comment --comment "kube-ovn postrouting rules" -j OVN-POSTROUTING');
  nat.add('OVN-MASQUERADE', '-j MARK --set-xmark 0x0/0xffffffff');
  nat.add('OVN-MASQUERADE', '-j MASQUERADE --random-fully');
  nat.add('OVN-POSTROUTING', '-m mark --mark 0x4000/0x4000 -j OVN-MASQUERADE');
  nat.add('OVN-POSTROUTING', '-m set --match-set ovn40subnets src -m set --match-set ovn40subnets dst -j OVN-MASQUERADE');
  nat.add('OVN-POSTROUTING', '-m mark --mark 0x80000/0x80000 -m set --match-set ovn40subnets-distributed-gw dst -j RETURN');
  nat.add('OVN-POSTROUTING', '-m mark --mark 0x80000/0x80000 -j OVN-MASQUERADE');
  nat.add('OVN-POSTROUTING', '-p tcp -m tcp --tcp-flags SYN NONE -m conntrack --ctstate NEW -j RETURN');
  nat.add(
    'OVN-POSTROUTING',
    '-m set ! --match-set ovn40subnets src -m set ! --match-set ovn40other-node src -m set --match-set ovn40subnets-nat dst -j RETURN',
  );
  nat.add('OVN-POSTROUTING', '-m set --match-set ovn40subnets-nat src -m set ! --match-set ovn40subnets dst -j OVN-MASQUERADE');
  nat.add(
    'OVN-PREROUTING',
    '-i ovn0 -m set --match-set ovn40subnets src -m set --match-set ovn40services dst -j MARK --set-xmark 0x4000/0x4000',
  );
  nat.add(
    'OVN-PREROUTING',
    '-p tcp -m addrtype --dst-type LOCAL -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j MARK --set-xmark 0x80000/0x80000',
  );
  // kube-proxy's hooks come after kube-ovn's, its chains are shared by every node
  for (const [table, hooks] of [
    [nat, proxy.hooks.nat],
    [filter, proxy.hooks.filter],
  ])
    for (const [chain, rule] of hooks) table.add(chain, rule);
  for (const [mine, theirs] of [
    [nat, proxy.nat],
    [filter, proxy.filter],
  ]) {
    for (const [chain, rules] of theirs.chains) {
      if (theirs.builtins.includes(chain)) continue;
      const list = mine.chain(chain);
      for (const r of rules) list.push(r);
      mine.count += rules.length;
    }
  }
  const out = [];
  for (const table of [mangle, filter, nat]) {
    out.push(`# Generated by iptables-save v1.8.9 (nf_tables) on ${CAPTURED}`, ...table.lines(counter), `# Completed on ${CAPTURED}`);
  }
  return { text: `${out.join('\n')}\n`, rules: mangle.count + filter.count + nat.count };
}

function ipset(node, nodes) {
  const set = (name, type, members) => [
    `create ${name} ${type} family inet hashsize 1024 maxelem 1048576 bucketsize 12 initval 0x${createHash('sha256')
      .update(name + node.name)
      .digest('hex')
      .slice(0, 8)}`,
    ...members.map((m) => `add ${name} ${m}`),
  ];
  return `${[
    ...set('ovn40services', 'hash:net', ['10.96.0.0/12']),
    ...set('ovn40subnets', 'hash:net', ['100.64.0.0/16', CLUSTER_CIDR]),
    ...set('ovn40subnets-nat', 'hash:net', [CLUSTER_CIDR]),
    ...set('ovn40subnets-distributed-gw', 'hash:net', [CLUSTER_CIDR]),
    ...set(
      'ovn40other-node',
      'hash:net',
      nodes.filter((n) => n !== node).map((n) => n.ip),
    ),
    'create KUBE-NODE-PORT-LOCAL-TCP bitmap:port range 0-65535 comment',
  ].join('\n')}\n`;
}

function ipAddr(node) {
  return `${[
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
    '    inet 127.0.0.1/8 scope host lo',
    '       valid_lft forever preferred_lft forever',
    '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
    `    link/ether ${mac(0x18, node.index)} brd ff:ff:ff:ff:ff:ff`,
    `    inet ${node.ip}/16 brd 172.18.255.255 scope global eth0`,
    '       valid_lft forever preferred_lft forever',
    '3: ovn0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UNKNOWN group default qlen 1000',
    `    link/ether ${mac(0x64, node.index)} brd ff:ff:ff:ff:ff:ff`,
    `    inet ${node.joinIp}/16 brd 100.64.255.255 scope global ovn0`,
    '       valid_lft forever preferred_lft forever',
  ].join('\n')}\n`;
}

/** The local table of `ip route show table all`: loopback and each address of the host. */
function localRoutes(addresses) {
  return [
    'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1',
    'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1',
    ...addresses.map(([dev, a]) => `local ${a} dev ${dev} table local proto kernel scope host src ${a}`),
  ];
}

function ipRoute(node) {
  return `${[
    'default via 172.18.0.1 dev eth0',
    `${CLUSTER_CIDR} via 100.64.0.1 dev ovn0`,
    `100.64.0.0/16 dev ovn0 proto kernel scope link src ${node.joinIp}`,
    `172.18.0.0/16 dev eth0 proto kernel scope link src ${node.ip}`,
    ...localRoutes([
      ['eth0', node.ip],
      ['ovn0', node.joinIp],
    ]),
  ].join('\n')}\n`;
}

/** OVSDB JSON values. */
const uuidOf = (() => {
  let next = 0;
  return () => `00000000-0000-4000-8000-${(++next).toString(16).padStart(12, '0')}`;
})();
const ref = (u) => ['uuid', u];
const set = (values) => ['set', values];
const map = (entries) => ['map', entries];

const HEADINGS = {
  Gateway_Chassis: ['_uuid', 'chassis_name', 'external_ids', 'name', 'options', 'priority'],
  Load_Balancer: ['_uuid', 'external_ids', 'health_check', 'ip_port_mappings', 'name', 'options', 'protocol', 'selection_fields', 'vips'],
  Logical_Router: [
    '_uuid',
    'copp',
    'enabled',
    'external_ids',
    'load_balancer',
    'load_balancer_group',
    'name',
    'nat',
    'options',
    'policies',
    'ports',
    'static_routes',
  ],
  Logical_Router_Policy: ['_uuid', 'action', 'external_ids', 'match', 'nexthop', 'nexthops', 'options', 'priority'],
  Logical_Router_Port: [
    '_uuid',
    'enabled',
    'external_ids',
    'gateway_chassis',
    'ha_chassis_group',
    'ipv6_prefix',
    'ipv6_ra_configs',
    'mac',
    'name',
    'networks',
    'options',
    'peer',
  ],
  Logical_Router_Static_Route: ['_uuid', 'bfd', 'external_ids', 'ip_prefix', 'nexthop', 'options', 'output_port', 'policy', 'route_table'],
  Logical_Switch: [
    '_uuid',
    'acls',
    'copp',
    'dns_records',
    'external_ids',
    'forwarding_groups',
    'load_balancer',
    'load_balancer_group',
    'name',
    'other_config',
    'ports',
    'qos_rules',
  ],
  Logical_Switch_Port: [
    '_uuid',
    'addresses',
    'dhcpv4_options',
    'dhcpv6_options',
    'dynamic_addresses',
    'enabled',
    'external_ids',
    'ha_chassis_group',
    'mirror_rules',
    'name',
    'options',
    'parent_name',
    'port_security',
    'tag',
    'tag_request',
    'type',
    'up',
  ],
  NAT: [
    '_uuid',
    'allowed_ext_ips',
    'exempted_ext_ips',
    'external_ids',
    'external_ip',
    'external_mac',
    'external_port_range',
    'gateway_port',
    'logical_ip',
    'logical_port',
    'options',
    'type',
  ],
  Port_Group: ['_uuid', 'acls', 'external_ids', 'name', 'ports'],
};

/** Tables kube-ovn leaves empty here, dumped with their columns like any other. */
const EMPTY_TABLES = {
  ACL: ['_uuid', 'action', 'direction', 'external_ids', 'label', 'log', 'match', 'meter', 'name', 'options', 'priority', 'severity'],
  Address_Set: ['_uuid', 'addresses', 'external_ids', 'name'],
  BFD: ['_uuid', 'detect_mult', 'dst_ip', 'external_ids', 'logical_port', 'min_rx', 'min_tx', 'options', 'status'],
  Chassis_Template_Var: ['_uuid', 'chassis', 'external_ids', 'variables'],
  Connection: ['_uuid', 'external_ids', 'inactivity_probe', 'is_connected', 'max_backoff', 'other_config', 'status', 'target'],
  Copp: ['_uuid', 'external_ids', 'meters', 'name'],
  DHCP_Options: ['_uuid', 'cidr', 'external_ids', 'options'],
  DNS: ['_uuid', 'external_ids', 'records'],
  Forwarding_Group: ['_uuid', 'child_port', 'external_ids', 'liveness', 'name', 'vip', 'vmac'],
  HA_Chassis: ['_uuid', 'chassis_name', 'external_ids', 'priority'],
  HA_Chassis_Group: ['_uuid', 'external_ids', 'ha_chassis', 'name'],
  Load_Balancer_Group: ['_uuid', 'load_balancer', 'name'],
  Load_Balancer_Health_Check: ['_uuid', 'external_ids', 'options', 'vip'],
  Meter: ['_uuid', 'bands', 'external_ids', 'fair', 'name', 'unit'],
  Meter_Band: ['_uuid', 'action', 'burst_size', 'external_ids', 'rate'],
  Mirror: ['_uuid', 'external_ids', 'filter', 'index', 'name', 'sink', 'type'],
  QoS: ['_uuid', 'action', 'bandwidth', 'direction', 'external_ids', 'match', 'priority'],
  SSL: ['_uuid', 'bootstrap_ca_cert', 'ca_cert', 'certificate', 'external_ids', 'private_key', 'ssl_ciphers', 'ssl_protocols'],
  Static_MAC_Binding: ['_uuid', 'ip', 'logical_port', 'mac', 'override_dynamic_mac'],
};

function lsp(name, addresses, type, externalIds, options = []) {
  const u = uuidOf();
  return [
    u,
    [
      ref(u),
      addresses,
      set([]),
      set([]),
      set([]),
      set([]),
      map(externalIds),
      set([]),
      set([]),
      name,
      map(options),
      set([]),
      set([]),
      set([]),
      set([]),
      type,
      true,
    ],
  ];
}

/** kube-ovn's name for a node's port group: ovn.default.<node>, dashes as dots. */
const portGroupName = (node) => `ovn.default.${node.name.replace(/-/g, '.')}`;

function northbound({ nodes, pods }, services, fips) {
  const rows = Object.fromEntries(Object.keys(HEADINGS).map((t) => [t, []]));
  const vendor = ['vendor', 'kube-ovn'];
  // switches and their ports
  const joinPorts = [];
  const defaultPorts = [];
  const externalPorts = [];
  for (const node of nodes) {
    const [u, row] = lsp(`node-${node.name}`, `${mac(0x64, node.index)} ${node.joinIp}`, '', [['ls', 'join'], ['node', node.name], vendor]);
    rows.Logical_Switch_Port.push(row);
    joinPorts.push(u);
  }
  const podUuids = new Map();
  for (const pod of pods) {
    const [u, row] = lsp(pod.name, `${pod.mac} ${pod.ip}`, '', [
      ['ls', 'ovn-default'],
      ['pod', pod.name.split('.').reverse().join('/')],
      vendor,
    ]);
    rows.Logical_Switch_Port.push(row);
    defaultPorts.push(u);
    podUuids.set(pod, u);
  }
  for (const [name, router, list] of [
    ['join-ovn-cluster', 'ovn-cluster-join', joinPorts],
    ['ovn-default-ovn-cluster', 'ovn-cluster-ovn-default', defaultPorts],
    ['external-ovn-cluster', 'ovn-cluster-external', externalPorts],
  ]) {
    const [u, row] = lsp(name, 'router', 'router', [], [['router-port', router]]);
    rows.Logical_Switch_Port.push(row);
    list.push(u);
  }
  {
    const [u, row] = lsp('ln-external', 'unknown', 'localnet', [], [['network_name', 'external']]);
    rows.Logical_Switch_Port.push(row);
    externalPorts.push(u);
  }
  // the Services as one switch load balancer, as kube-ovn writes them
  const lb = uuidOf();
  const vips = services.filter((s) => s.endpoints.length > 0).map((s) => [`${s.vip}:${s.port}`, s.endpoints.join(',')]);
  rows.Load_Balancer.push([ref(lb), map([vendor]), set([]), map([]), 'cluster-tcp-loadbalancer', map([]), 'tcp', set([]), map(vips)]);
  const sw = (name, subnet, exclude, ports, lbs) => {
    const u = uuidOf();
    const other =
      subnet === null
        ? []
        : [
            ['exclude_ips', exclude],
            ['subnet', subnet],
          ];
    rows.Logical_Switch.push([
      ref(u),
      set([]),
      set([]),
      set([]),
      map([['logical_router', 'ovn-cluster'], vendor]),
      set([]),
      set(lbs.map(ref)),
      set([]),
      name,
      map(other),
      set(ports.map(ref)),
      set([]),
    ]);
  };
  sw('join', '100.64.0.0/16', '100.64.0.1', joinPorts, [lb]);
  sw('ovn-default', CLUSTER_CIDR, '10.16.0.1', defaultPorts, [lb]);
  sw('external', '172.20.0.0/16', '172.20.0.1', externalPorts, []);
  // the router: ports, the gateway port on two chassis, policies, the default route, FIPs
  const gateways = [nodes[0], nodes[1]].map((node, i) => {
    const u = uuidOf();
    rows.Gateway_Chassis.push([ref(u), node.chassis, map([]), `ovn-cluster-external-${node.chassis}`, map([]), 100 - i]);
    return u;
  });
  const routerPorts = [
    ['ovn-cluster-join', '100.64.0.1/16', []],
    ['ovn-cluster-ovn-default', '10.16.0.1/16', []],
    ['ovn-cluster-external', '172.20.0.2/16', gateways],
  ].map(([name, network, gw], i) => {
    const u = uuidOf();
    rows.Logical_Router_Port.push([
      ref(u),
      set([]),
      map([vendor]),
      set(gw.map(ref)),
      set([]),
      set([]),
      map([]),
      mac(0x01, i),
      name,
      network,
      map([]),
      set([]),
    ]);
    return u;
  });
  const policies = [];
  const policy = (action, ids, match, nexthop, priority) => {
    const u = uuidOf();
    rows.Logical_Router_Policy.push([ref(u), action, map(ids), match, nexthop === null ? set([]) : nexthop, set([]), map([]), priority]);
    policies.push(u);
  };
  policy('allow', [['subnet', 'join'], vendor], 'ip4.dst == 100.64.0.0/16', null, 31000);
  policy('allow', [['subnet', 'ovn-default'], vendor], `ip4.dst == ${CLUSTER_CIDR}`, null, 31000);
  for (const node of nodes) {
    policy('reroute', [['address-family', '4'], ['node', node.name], vendor], `ip4.dst == ${node.ip}`, node.joinIp, 30000);
    policy(
      'reroute',
      [['node', node.name], ['subnet', 'ovn-default'], vendor],
      `ip4.src == $${portGroupName(node)}_ip4`,
      node.joinIp,
      29000,
    );
    const pg = uuidOf();
    rows.Port_Group.push([
      ref(pg),
      set([]),
      map([['node', node.name], ['subnet', 'ovn-default'], vendor]),
      portGroupName(node),
      set(node.pods.map((p) => ref(podUuids.get(p)))),
    ]);
  }
  const route = uuidOf();
  rows.Logical_Router_Static_Route.push([ref(route), set([]), map([]), '0.0.0.0/0', '100.64.0.1', map([]), set([]), set([]), '']);
  const nats = fips.map((fip) => {
    const u = uuidOf();
    rows.NAT.push([
      ref(u),
      set([]),
      set([]),
      map([
        ['vendor', 'kube-ovn'],
        ['fip', `fip-${fip.pod.name}`],
      ]),
      fip.ip,
      set([]),
      '',
      set([]),
      fip.pod.ip,
      set([]),
      map([]),
      'dnat_and_snat',
    ]);
    return u;
  });
  rows.Logical_Router.push([
    ref(uuidOf()),
    set([]),
    set([]),
    map([vendor, ['vpc', 'ovn-cluster']]),
    set([]),
    set([]),
    'ovn-cluster',
    set(nats.map(ref)),
    map([]),
    set(policies.map(ref)),
    set(routerPorts.map(ref)),
    set([ref(route)]),
  ]);
  rows.NB_Global = [[ref(uuidOf()), set([]), map([]), 0, 0, false, '', 0, 0, map([]), 0, 0, set([])]];
  HEADINGS.NB_Global = [
    '_uuid',
    'connections',
    'external_ids',
    'hv_cfg',
    'hv_cfg_timestamp',
    'ipsec',
    'name',
    'nb_cfg',
    'nb_cfg_timestamp',
    'options',
    'sb_cfg',
    'sb_cfg_timestamp',
    'ssl',
  ];
  for (const [t, headings] of Object.entries(EMPTY_TABLES)) {
    HEADINGS[t] = headings;
    rows[t] = [];
  }
  return `${Object.keys(HEADINGS)
    .sort()
    .map((t) => JSON.stringify({ caption: `${t} table`, data: rows[t], headings: HEADINGS[t] }))
    .join('\n')}\n`;
}

function sbctlShow(nodes) {
  const out = [];
  for (const node of nodes) {
    out.push(
      `Chassis "${node.chassis}"`,
      `    hostname: ${node.name}`,
      '    Encap geneve',
      `        ip: "${node.ip}"`,
      '        options: {csum="true"}',
    );
    out.push(`    Port_Binding node-${node.name}`);
    for (const pod of node.pods) out.push(`    Port_Binding ${pod.name}`);
  }
  return `${out.join('\n')}\n`;
}

function topology(nodes) {
  return `${[
    'segments:',
    '  - name: lan',
    `    members: [outside:eth0, ${nodes.map((n) => `${n.name}:eth0`).join(', ')}]`,
    'ovn:',
    '  ports:',
    ...nodes.map((n) => `    - [ovn:node-${n.name}, ${n.name}:ovn0]`),
    '  localnet:',
    '    - [ovn:ln-external, segment:lan]',
    '  chassis:',
    ...nodes.map((n) => `    ${n.chassis}: ${n.name}`),
  ].join('\n')}\n`;
}

const OUTSIDE_ADDR = `${[
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
  '    inet 127.0.0.1/8 scope host lo',
  '       valid_lft forever preferred_lft forever',
  '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
  '    link/ether 00:00:00:00:ee:01 brd ff:ff:ff:ff:ff:ff',
  '    inet 172.18.0.1/16 brd 172.18.255.255 scope global eth0',
  '       valid_lft forever preferred_lft forever',
  '    inet 172.20.0.1/16 brd 172.20.255.255 scope global eth0',
  '       valid_lft forever preferred_lft forever',
  '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
  '    link/ether 00:00:00:00:ee:02 brd ff:ff:ff:ff:ff:ff',
  '    inet 203.0.113.2/24 brd 203.0.113.255 scope global eth1',
  '       valid_lft forever preferred_lft forever',
].join('\n')}\n`;
const OUTSIDE_ROUTE = `${[
  'default via 203.0.113.1 dev eth1',
  '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.1',
  '172.20.0.0/16 dev eth0 proto kernel scope link src 172.20.0.1',
  '203.0.113.0/24 dev eth1 proto kernel scope link src 203.0.113.2',
  ...localRoutes([
    ['eth0', '172.18.0.1'],
    ['eth0', '172.20.0.1'],
    ['eth1', '203.0.113.2'],
  ]),
].join('\n')}\n`;

/** Per node, in tenths of --flows-per-node: 4 node -> Service, 3 pod -> Service, 1 pod -> outside, 1 NodePort, 1 FIP. */
function flows(cluster, services, fips, perNode) {
  const tenth = perNode / 10;
  const open = services.filter((s) => s.endpoints.length > 0);
  const exposed = services.filter((s) => s.nodePort !== null);
  const out = [];
  let icmpId = 0;
  let pick = 0;
  const next = (list) => list[(pick++ * 7919) % list.length];
  for (const node of cluster.nodes) {
    for (let j = 0; j < 4 * tenth; j++) {
      const s = next(services);
      out.push({ from: node.name, src: node.ip, dst: s.vip, proto: 'tcp', dport: s.port, label: `${node.name} -> ${s.vip}:${s.port}` });
    }
    for (let j = 0; j < 3 * tenth; j++) {
      const pod = node.pods[j % node.pods.length];
      const s = next(open);
      out.push({
        from: `ovn:${pod.name}`,
        src: pod.ip,
        dst: s.vip,
        proto: 'tcp',
        dport: s.port,
        label: `${pod.name} -> ${s.vip}:${s.port}`,
      });
    }
    for (let j = 0; j < tenth; j++) {
      const pod = node.pods[(j * 3 + 1) % node.pods.length];
      out.push({
        from: `ovn:${pod.name}`,
        src: pod.ip,
        dst: '1.1.1.1',
        proto: 'icmp',
        icmpId: (icmpId++ % 65535) + 1,
        label: `${pod.name} -> 1.1.1.1`,
      });
    }
    for (let j = 0; j < tenth; j++) {
      const s = next(exposed);
      out.push({
        from: `${node.name}:eth0`,
        src: '172.18.0.1',
        dst: node.ip,
        proto: 'tcp',
        dport: s.nodePort,
        label: `outside -> ${node.name}:${s.nodePort}`,
      });
    }
    for (let j = 0; j < tenth; j++) {
      const fip = next(fips);
      out.push({ from: 'ovn:ln-external', src: '172.20.0.1', dst: fip.ip, proto: 'tcp', dport: 8080, label: `outside -> FIP ${fip.ip}` });
    }
  }
  return out;
}

function write(path, text) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

const args = parseArgs(process.argv.slice(2));
const cluster = plan(args);
cluster.nodes.forEach((n, i) => (n.index = i));
// the kube-ovn rules of a node are about 40; kube-proxy's fill the rest
const proxy = kubeProxy(args.rulesPerNode - 40, cluster.pods);
const fips = cluster.pods.slice(0, Math.min(FIPS, cluster.pods.length)).map((pod, i) => ({ pod, ip: ip('172.20.1.10', i) }));
const out = args.out;
const snap = join(out, 'snapshot');
rmSync(out, { recursive: true, force: true });
write(
  join(snap, 'snapshot.yaml'),
  `name: kube-ovn-${args.nodes}-nodes\ncluster: bench\ncapturedAt: 2026-12-07T04:00:00Z\ndescription: generated by tools/gen-kube-ovn-cluster.mjs\n`,
);
write(join(snap, 'topology.yaml'), topology(cluster.nodes));
let rules = 0;
cluster.nodes.forEach((node, i) => {
  const dir = join(snap, 'hosts', node.name);
  const ipt = iptablesSave(node, proxy, i);
  rules += ipt.rules;
  write(join(dir, 'meta.yaml'), 'role: node\n');
  write(join(dir, 'ip-addr.txt'), ipAddr(node));
  write(join(dir, 'ip-route.txt'), ipRoute(node));
  write(join(dir, 'sysctl.txt'), 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.default.rp_filter = 0\n');
  write(join(dir, 'ipset.txt'), ipset(node, cluster.nodes));
  write(join(dir, 'iptables-save.txt'), ipt.text);
});
write(join(snap, 'hosts/outside/meta.yaml'), 'role: external\n');
write(join(snap, 'hosts/outside/ip-addr.txt'), OUTSIDE_ADDR);
write(join(snap, 'hosts/outside/ip-route.txt'), OUTSIDE_ROUTE);
write(join(snap, 'hosts/outside/sysctl.txt'), 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 0\n');
write(join(snap, 'ovn/nb.json'), northbound(cluster, proxy.services, fips));
write(join(snap, 'ovn/sbctl-show.txt'), sbctlShow(cluster.nodes));
const flowList = flows(cluster, proxy.services, fips, args.flowsPerNode);
write(join(out, 'flows.json'), `${JSON.stringify(flowList)}\n`);
const summary = {
  nodes: args.nodes,
  rules,
  rulesPerNode: Math.round(rules / args.nodes),
  services: proxy.services.length,
  switchPorts: cluster.pods.length + cluster.nodes.length + 4,
  pods: cluster.pods.length,
  fips: fips.length,
  flows: flowList.length,
};
write(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
process.stdout.write(`${out}: ${JSON.stringify(summary)}\n`);
