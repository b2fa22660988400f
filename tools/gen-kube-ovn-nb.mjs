#!/usr/bin/env node
// Builds a kube-ovn-shaped OVN northbound database with real ovn-nbctl against a private
// NB + SB + ovn-northd (tools/ovn-sandbox.mjs), lets northd compile it, and writes a hookpath
// snapshot of it plus the microflows to trace, for benchmarks and scale tests.
//
//   node tools/gen-kube-ovn-nb.mjs --size small|large --out DIR [--seed N]
//   node tools/gen-kube-ovn-nb.mjs --out DIR --nodes N --default-pods N --services N --vpcs N \
//        --subnets-per-vpc N --pods-per-subnet N --fips-per-subnet N --default-policies N [--seed N]
//
// The shapes are those of kube-ovn's controller (as in test/conformance-ovn/sandbox/lib.sh):
// - default VPC: router ovn-cluster, switch join (100.64.0.0/16) with a node-<node> port per node,
//   switch ovn-default (10.16.0.0/16) with the pods of Deployments of 2–3 replicas, router ports
//   with addresses "router", per-node port groups ovn.default.<node> and the router policies
//   31000 allow (subnets), 30000 reroute (node IPs), 29000 reroute (pods of a node via its join IP);
// - Services: switch load balancers cluster-tcp-loadbalancer / cluster-udp-loadbalancer on
//   ovn-default and join, ClusterIP:port -> the 2–3 pods of a Deployment;
// - custom VPCs: a router per VPC, subnets with pods, a distributed gateway port on the localnet
//   switch "external" (172.20.0.0/16) with two gateway chassis, a default route and a static route,
//   a subnet SNAT per subnet, FIPs (dnat_and_snat; every other one distributed with
//   external_mac + logical_port), one dnat row, a per-VPC load balancer vpc-<n>-tcp-load;
// - NetworkPolicies: port group <policy>.<namespace>, address sets <pg>.ingress/egress.allow.IPv4.0,
//   ACLs allow-related 2001 / drop 1000 both ways (egress with options:apply-after-lb=true);
// - SB: one chassis per node, every pod bound to its node's chassis, MAC_Binding rows for the
//   next hops outside OVN (the upstream router, the static route's next hop, another VPC's FIP).
//
// Output in DIR: snapshot/ovn/nb.json (ovsdb-client -f json dump), snapshot/ovn/sb-MAC_Binding.txt
// (ovn-sbctl list MAC_Binding), snapshot/ovn/sbctl-show.txt; nb.db and sb.db (the compiled
// databases, for ovn-trace); flows.json (per microflow: the ovn-trace datapath, microflow and
// options, and the hookpath request); summary.json (row counts, parameters, build times).
// The content is a function of the parameters and the seed (OVSDB's row UUIDs aside).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OvnSandbox, ovnUnavailable } from './ovn-sandbox.mjs';

const USAGE = 'usage: gen-kube-ovn-nb.mjs --out DIR (--size small|large | --nodes N --default-pods N ...) [--seed N]';

export const PRESETS = {
  small: {
    nodes: 2,
    defaultPods: 16,
    services: 8,
    vpcs: 2,
    subnetsPerVpc: 2,
    podsPerSubnet: 6,
    fipsPerSubnet: 2,
    defaultPolicies: 1,
    seed: 1,
  },
  large: {
    nodes: 10,
    defaultPods: 3300,
    services: 1100,
    vpcs: 50,
    subnetsPerVpc: 2,
    podsPerSubnet: 18,
    fipsPerSubnet: 4,
    defaultPolicies: 20,
    seed: 1,
  },
};
const NUMBER_FLAGS = {
  '--nodes': 'nodes',
  '--default-pods': 'defaultPods',
  '--services': 'services',
  '--vpcs': 'vpcs',
  '--subnets-per-vpc': 'subnetsPerVpc',
  '--pods-per-subnet': 'podsPerSubnet',
  '--fips-per-subnet': 'fipsPerSubnet',
  '--default-policies': 'defaultPolicies',
  '--seed': 'seed',
};
const CT_NEW = Array.from({ length: 10 }, () => ['--ct', 'new']).flat();
const UPSTREAM = { ip: '172.20.0.1', mac: '00:00:00:00:ee:01' };
const ROUTE_HOP = { ip: '172.20.0.254', mac: '00:00:00:00:ee:fe' };
/** Bytes of arguments per ovn-nbctl call: far below ARG_MAX (2 MiB here), each argument below 128 KiB. */
const ARG_BYTES = 1_000_000;

function fail(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let params = null;
  const overrides = {};
  let out = null;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--size') {
      if (!(value in PRESETS)) fail(`--size is small or large`);
      params = { ...PRESETS[value] };
      i++;
    } else if (flag === '--out') {
      if (value === undefined) fail('--out needs a directory');
      out = resolve(value);
      i++;
    } else if (flag in NUMBER_FLAGS) {
      if (!/^[0-9]+$/.test(value ?? '')) fail(`${flag} needs a number`);
      overrides[NUMBER_FLAGS[flag]] = Number(value);
      i++;
    } else if (flag === '-h' || flag === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      fail(`unknown argument ${flag}`);
    }
  }
  if (out === null) fail('--out is required');
  params = { ...PRESETS.small, ...(params ?? {}), ...overrides };
  validate(params);
  return { params, out };
}

export function validate(p) {
  if (p.nodes < 1 || p.vpcs < 2 || p.subnetsPerVpc < 1) throw new Error('need at least 1 node, 2 VPCs and 1 subnet per VPC');
  if (p.podsPerSubnet < p.fipsPerSubnet + 3 || p.fipsPerSubnet < 1)
    throw new Error('need at least one FIP and podsPerSubnet >= fipsPerSubnet + 3');
  if (p.vpcs > 150 || p.subnetsPerVpc > 250 || p.podsPerSubnet > 80 || p.defaultPods > 60000)
    throw new Error('too large for the address plan');
  if (p.defaultPolicies < 1 || p.services < 1) throw new Error('need at least one policy and one service');
}

/** mulberry32: a small seeded PRNG, so the same parameters give the same database. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const q = (s) => JSON.stringify(s);
const ids = (o) => Object.entries(o).map(([k, v]) => `external_ids:${k}=${q(v)}`);
const pgName = (name) => name.replace(/-/g, '.');
const ipOf = (n) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Everything the generator decides, before anything runs: ovn-nbctl units, SB rows, microflows. */
export function plan(p) {
  const rand = prng(p.seed);
  const pick = (chars, n) => Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('');
  const macs = new Set();
  const mac = () => {
    for (;;) {
      const m = `00:00:00:${pick('0123456789abcdef', 6).match(/../g).join(':')}`;
      if (!macs.has(m)) {
        macs.add(m);
        return m;
      }
    }
  };
  const uuid = () => [8, 4, 4, 4, 12].map((n) => pick('0123456789abcdef', n)).join('-');
  const podName = (app) => `${app}-${pick('bcdfghjklmnpqrstvwxz2456789', 10)}-${pick('bcdfghjklmnpqrstvwxz2456789', 5)}`;

  const units = [];
  const unit = (...commands) => units.push(commands);
  let nextId = 0;
  const id = (kind) => `@${kind}${nextId++}`;
  const counts = { switchPorts: 0, vips: 0, nat: 0, acls: 0, policies: 0, routes: 0, portGroups: 0, addressSets: 0 };
  const binds = [];

  const nodes = Array.from({ length: p.nodes }, (_, i) => ({
    name: `kube-ovn-worker-${i}`,
    chassis: uuid(),
    ip: `172.18.0.${2 + i}`,
    joinIp: `100.64.0.${2 + i}`,
    mac: mac(),
  }));

  const router = (name) => unit(['lr-add', name], ['set', 'Logical_Router', name, ...ids({ vendor: 'kube-ovn', vpc: name })]);
  const patch = (ls, lr, routerMac, cidr) => {
    counts.switchPorts++;
    unit(
      ['lrp-add', lr, `${lr}-${ls}`, routerMac, cidr],
      ['set', 'Logical_Router_Port', `${lr}-${ls}`, ...ids({ vendor: 'kube-ovn' })],
      ['lsp-add', ls, `${ls}-${lr}`],
      ['lsp-set-type', `${ls}-${lr}`, 'router'],
      ['lsp-set-addresses', `${ls}-${lr}`, 'router'],
      ['lsp-set-options', `${ls}-${lr}`, `router-port=${lr}-${ls}`],
    );
  };
  const subnet = (name, lr, cidr, gateway) => {
    const gatewayMac = mac();
    unit(
      ['ls-add', name],
      [
        'set',
        'Logical_Switch',
        name,
        ...ids({ vendor: 'kube-ovn', logical_router: lr }),
        `other_config:subnet=${q(cidr)}`,
        `other_config:exclude_ips=${q(gateway)}`,
      ],
    );
    patch(name, lr, gatewayMac, `${gateway}/${cidr.split('/')[1]}`);
    return { name, lr, cidr, gateway, gatewayMac };
  };
  const pod = (ls, name, namespace, ip, node) => {
    const p0 = { lsp: `${name}.${namespace}`, name, namespace, ip, mac: mac(), node, ls };
    counts.switchPorts++;
    unit(
      ['lsp-add', ls, p0.lsp],
      [
        'set',
        'Logical_Switch_Port',
        p0.lsp,
        `addresses=${q(`${p0.mac} ${ip}`)}`,
        ...ids({ vendor: 'kube-ovn', ls, pod: `${namespace}/${name}` }),
      ],
    );
    binds.push([p0.lsp, node.chassis]);
    return p0;
  };
  const policy = (lr, priority, match, action, nexthop, extra) => {
    const ref = id('p');
    counts.policies++;
    const cols = [
      `priority=${priority}`,
      `match=${q(match)}`,
      `action=${action}`,
      ...(nexthop ? [`nexthops=${q(nexthop)}`] : []),
      ...ids({ vendor: 'kube-ovn', ...extra }),
    ];
    unit([`--id=${ref}`, 'create', 'Logical_Router_Policy', ...cols], ['add', 'Logical_Router', lr, 'policies', ref]);
  };
  const nat = (lr, type, externalIp, logicalIp, distributed = null) => {
    const ref = id('n');
    counts.nat++;
    const cols = [`type=${type}`, `external_ip=${q(externalIp)}`, `logical_ip=${q(logicalIp)}`, ...ids({ vendor: 'kube-ovn' })];
    if (distributed !== null) cols.push(`logical_port=${q(distributed.lsp)}`, `external_mac=${q(distributed.mac)}`);
    unit([`--id=${ref}`, 'create', 'NAT', ...cols], ['add', 'Logical_Router', lr, 'nat', ref]);
  };
  const route = (lr, prefix, nexthop) => {
    counts.routes++;
    unit(['lr-route-add', lr, prefix, nexthop]);
  };
  /** A NetworkPolicy: `protect` may receive TCP 80 from `allowFrom` and send only to it; the rest is dropped. */
  const networkPolicy = (name, namespace, protect, allowFrom) => {
    const pg = pgName(`${name}.${namespace}`);
    const owner = { vendor: 'kube-ovn', np: `${namespace}/${name}` };
    counts.portGroups++;
    counts.addressSets += 2;
    const ingress = `${pg}.ingress.allow.IPv4.0`;
    const egress = `${pg}.egress.allow.IPv4.0`;
    const allowed = allowFrom.map((x) => q(x.ip)).join(',');
    unit(['pg-add', pg, ...protect.map((x) => x.lsp)], ['set', 'Port_Group', pg, ...ids(owner)]);
    unit(
      ['create', 'Address_Set', `name=${ingress}`, `addresses=${allowed}`, ...ids(owner)],
      ['create', 'Address_Set', `name=${egress}`, `addresses=${allowed}`, ...ids(owner)],
    );
    const acl = (direction, priority, match, action, afterLb) => {
      const ref = id('a');
      counts.acls++;
      const cols = [
        `direction=${direction}`,
        `priority=${priority}`,
        `match=${q(match)}`,
        `action=${action}`,
        ...ids({ ...owner, 'policy-name': name, 'policy-namespace': namespace }),
      ];
      if (afterLb) cols.push('options:apply-after-lb=true');
      unit([`--id=${ref}`, 'create', 'ACL', ...cols], ['add', 'Port_Group', pg, 'acls', ref]);
    };
    acl('to-lport', 2001, `outport == @${pg} && ip && ip4.src == $${ingress} && tcp.dst == 80`, 'allow-related', false);
    acl('to-lport', 1000, `outport == @${pg} && ip`, 'drop', false);
    acl('from-lport', 2001, `inport == @${pg} && ip && ip4.dst == $${egress}`, 'allow-related', true);
    acl('from-lport', 1000, `inport == @${pg} && ip`, 'drop', true);
  };

  // ---------------------------------------------------------------- default VPC
  router('ovn-cluster');
  subnet('join', 'ovn-cluster', '100.64.0.0/16', '100.64.0.1');
  const def = subnet('ovn-default', 'ovn-cluster', '10.16.0.0/16', '10.16.0.1');
  for (const n of nodes) {
    counts.switchPorts++;
    unit(
      ['lsp-add', 'join', `node-${n.name}`],
      [
        'set',
        'Logical_Switch_Port',
        `node-${n.name}`,
        `addresses=${q(`${n.mac} ${n.joinIp}`)}`,
        ...ids({ vendor: 'kube-ovn', ls: 'join', node: n.name }),
      ],
    );
    binds.push([`node-${n.name}`, n.chassis]);
  }
  const deployments = [];
  for (let made = 0, d = 0; made < p.defaultPods; d++) {
    const namespace = `ns-${d % 40}`;
    const app = `app-${d}`;
    const size = Math.min(2 + Math.floor(rand() * 2), p.defaultPods - made);
    const pods = [];
    for (let k = 0; k < size; k++, made++)
      pods.push(pod('ovn-default', podName(app), namespace, ipOf((10 << 24) | (16 << 16) | (10 + made)), nodes[made % nodes.length]));
    deployments.push({ app, namespace, pods });
  }
  if (deployments.length < 3 * p.defaultPolicies + 3)
    throw new Error(`${deployments.length} Deployments in ovn-default: too few for ${p.defaultPolicies} policies`);
  for (const n of nodes) {
    const members = deployments.flatMap((d) => d.pods).filter((x) => x.node === n);
    counts.portGroups++;
    unit(
      ['pg-add', pgName(`ovn.default.${n.name}`), ...members.map((x) => x.lsp)],
      ['set', 'Port_Group', pgName(`ovn.default.${n.name}`), ...ids({ vendor: 'kube-ovn', logical_switch: 'ovn-default', node: n.name })],
    );
  }
  route('ovn-cluster', '0.0.0.0/0', '100.64.0.1');
  policy('ovn-cluster', 31000, 'ip4.dst == 10.16.0.0/16', 'allow', null, { subnet: 'ovn-default' });
  policy('ovn-cluster', 31000, 'ip4.dst == 100.64.0.0/16', 'allow', null, { subnet: 'join' });
  for (const n of nodes) policy('ovn-cluster', 30000, `ip4.dst == ${n.ip}`, 'reroute', n.joinIp, { node: n.name, 'address-family': '4' });
  for (const n of nodes)
    policy('ovn-cluster', 29000, `ip4.src == $${pgName(`ovn.default.${n.name}`)}_ip4`, 'reroute', n.joinIp, {
      subnet: 'ovn-default',
      node: n.name,
    });
  // NetworkPolicy i protects Deployment 3i+1 and admits Deployment 3i+2; 3i+0 is never protected.
  for (let i = 0; i < p.defaultPolicies; i++)
    networkPolicy(`web-${i}`, deployments[3 * i + 1].namespace, deployments[3 * i + 1].pods, deployments[3 * i + 2].pods);
  const protectedApps = new Set(Array.from({ length: p.defaultPolicies }, (_, i) => 3 * i + 1));

  // Services: switch load balancers of ovn-default and join.
  const services = [];
  const coredns = deployments[0].pods;
  unit(
    ['lb-add', 'cluster-udp-loadbalancer', '10.96.0.10:53', coredns.map((x) => `${x.ip}:53`).join(','), 'udp'],
    ['set', 'Load_Balancer', 'cluster-udp-loadbalancer', ...ids({ vendor: 'kube-ovn' })],
  );
  counts.vips++;
  for (let i = 0; i < p.services; i++) {
    const d = (i * 7 + 3) % deployments.length;
    const port = [80, 443, 8080, 9090][i % 4];
    const vip = `${ipOf((10 << 24) | (96 << 16) | (11 + i))}:${port}`;
    const backends = deployments[d].pods.map((x) => `${x.ip}:8080`);
    services.push({ vip, backends, deployment: d });
    counts.vips++;
    unit(['lb-add', 'cluster-tcp-loadbalancer', vip, backends.join(','), 'tcp']);
  }
  unit(['set', 'Load_Balancer', 'cluster-tcp-loadbalancer', ...ids({ vendor: 'kube-ovn' })]);
  for (const lb of ['cluster-tcp-loadbalancer', 'cluster-udp-loadbalancer'])
    for (const ls of ['ovn-default', 'join']) unit(['ls-lb-add', ls, lb]);

  // ---------------------------------------------------------------- custom VPCs
  counts.switchPorts++;
  unit(
    ['ls-add', 'external'],
    ['set', 'Logical_Switch', 'external', ...ids({ vendor: 'kube-ovn' })],
    ['lsp-add', 'external', 'localnet.external'],
    ['lsp-set-type', 'localnet.external', 'localnet'],
    ['lsp-set-addresses', 'localnet.external', 'unknown'],
    ['lsp-set-options', 'localnet.external', 'network_name=external'],
  );
  const vpcs = [];
  const macBindings = [];
  for (let v = 1; v <= p.vpcs; v++) {
    const name = `vpc-${v}`;
    router(name);
    const gw = { lrp: `${name}-external`, mac: mac(), ip: `172.20.${v}.1` };
    patch('external', name, gw.mac, `${gw.ip}/16`);
    unit(
      ['lrp-set-gateway-chassis', gw.lrp, nodes[v % nodes.length].chassis, '100'],
      ...(nodes.length > 1 ? [['lrp-set-gateway-chassis', gw.lrp, nodes[(v + 1) % nodes.length].chassis, '99']] : []),
    );
    route(name, '0.0.0.0/0', UPSTREAM.ip);
    route(name, `192.168.${v}.0/24`, ROUTE_HOP.ip);
    macBindings.push([name, gw.lrp, UPSTREAM.ip, UPSTREAM.mac], [name, gw.lrp, ROUTE_HOP.ip, ROUTE_HOP.mac]);
    const vpc = { name, gw, subnets: [], fips: [] };
    const lbVips = [];
    for (let s = 0; s < p.subnetsPerVpc; s++) {
      const cidr = `10.${100 + v}.${s}.0/24`;
      const sn = subnet(`${name}-subnet-${s}`, name, cidr, `10.${100 + v}.${s}.1`);
      const namespace = `${name}-ns-${s}`;
      sn.pods = Array.from({ length: p.podsPerSubnet }, (_, i) =>
        pod(sn.name, podName(`svc-${i % 4}`), namespace, `10.${100 + v}.${s}.${10 + i}`, nodes[(v + s + i) % nodes.length]),
      );
      nat(name, 'snat', `172.20.${v}.${10 + s}`, cidr);
      for (let k = 0; k < p.fipsPerSubnet; k++) {
        const target = sn.pods[p.podsPerSubnet - 1 - k];
        const fip = {
          ip: `172.20.${v}.${100 + s * p.fipsPerSubnet + k}`,
          pod: target,
          distributed: k % 2 === 1 ? { lsp: target.lsp, mac: mac() } : null,
        };
        nat(name, 'dnat_and_snat', fip.ip, target.ip, fip.distributed);
        vpc.fips.push(fip);
      }
      // pod 1 is protected by a NetworkPolicy admitting pod 2; pod 0 is never protected nor a FIP target
      networkPolicy(`db-${s}`, namespace, [sn.pods[1]], [sn.pods[2]]);
      lbVips.push({ vip: `10.109.${v}.${10 + s}:80`, backends: [sn.pods[3], sn.pods[4 % p.podsPerSubnet]].map((x) => `${x.ip}:8080`) });
      vpc.subnets.push(sn);
    }
    nat(name, 'dnat', `172.20.${v}.250`, vpc.subnets[0].pods[2].ip);
    const lb = `${name}-tcp-load`;
    unit(
      ...lbVips.map((x) => ['lb-add', lb, x.vip, x.backends.join(','), 'tcp']),
      ['set', 'Load_Balancer', lb, ...ids({ vendor: 'kube-ovn', vpc: name })],
      ...vpc.subnets.map((sn) => ['ls-lb-add', sn.name, lb]),
    );
    counts.vips += lbVips.length;
    vpcs.push(vpc);
  }
  // Each VPC has learnt the MAC of the next VPC's first FIP (centralized: that VPC's gateway port).
  for (let v = 0; v < vpcs.length; v++) {
    const other = vpcs[(v + 1) % vpcs.length];
    macBindings.push([vpcs[v].name, vpcs[v].gw.lrp, other.fips[0].ip, other.gw.mac]);
  }

  // ---------------------------------------------------------------- microflows
  const flow = (kind, from, datapath, microflow, packet, extra = [], options = {}) => ({
    kind,
    datapath,
    microflow,
    ovnTraceArgs: [...CT_NEW, ...extra],
    request: { from: `ovn:${from.lsp ?? from}`, packet },
    options,
  });
  const eth = (inport, src, dst) => `inport == ${q(inport)} && eth.src == ${src} && eth.dst == ${dst}`;
  const tcp = (inport, ethSrc, ethDst, src, dst, sport, dport) =>
    `${eth(inport, ethSrc, ethDst)} && ip4.src == ${src} && ip4.dst == ${dst} && ip.ttl == 64 && tcp && tcp.src == ${sport} && tcp.dst == ${dport} && tcp.flags == 0x002`;
  const tcpPacket = (src, dst, sport, dport) => ({ src, dst, proto: 'tcp', sport, dport });
  const flows = [];
  const last = p.defaultPolicies - 1;
  const server = deployments[3 * last + 1].pods[0];
  const client = deployments[3 * last + 2].pods[0];
  flows.push(
    flow(
      'pod -> pod, same subnet (NetworkPolicy allow)',
      client,
      'ovn-default',
      tcp(client.lsp, client.mac, server.mac, client.ip, server.ip, 40000, 80),
      tcpPacket(client.ip, server.ip, 40000, 80),
    ),
  );
  const caller = deployments[0].pods[0];
  const svc = [...services].reverse().find((s) => !protectedApps.has(s.deployment));
  const [vipIp, vipPort] = svc.vip.split(':');
  flows.push(
    flow(
      'pod -> ClusterIP (switch LB)',
      caller,
      'ovn-default',
      tcp(caller.lsp, caller.mac, def.gatewayMac, caller.ip, vipIp, 40001, vipPort),
      tcpPacket(caller.ip, vipIp, 40001, Number(vipPort)),
      ['--lb-dst', svc.backends[0]],
      { backend: svc.backends[0] },
    ),
  );
  flows.push(
    flow(
      'pod -> outside (default VPC, reroute to node)',
      caller,
      'ovn-default',
      tcp(caller.lsp, caller.mac, def.gatewayMac, caller.ip, '1.1.1.1', 40002, 443),
      tcpPacket(caller.ip, '1.1.1.1', 40002, 443),
    ),
  );
  const a = vpcs[vpcs.length - 1];
  const b = vpcs[0];
  const aSubnet = a.subnets[a.subnets.length - 1];
  const aPod = aSubnet.pods[0];
  flows.push(
    flow(
      'pod -> outside (subnet SNAT)',
      aPod,
      aSubnet.name,
      tcp(aPod.lsp, aPod.mac, aSubnet.gatewayMac, aPod.ip, '8.8.8.8', 40003, 443),
      tcpPacket(aPod.ip, '8.8.8.8', 40003, 443),
    ),
  );
  const inFip = a.fips[a.fips.length - 2 >= 0 && a.fips[a.fips.length - 2].distributed === null ? a.fips.length - 2 : 0];
  flows.push(
    flow(
      'outside -> FIP',
      'localnet.external',
      'external',
      tcp('localnet.external', UPSTREAM.mac, a.gw.mac, UPSTREAM.ip, inFip.ip, 40004, 22),
      tcpPacket(UPSTREAM.ip, inFip.ip, 40004, 22),
    ),
  );
  flows.push(
    flow(
      'pod -> other VPC FIP',
      aPod,
      aSubnet.name,
      tcp(aPod.lsp, aPod.mac, aSubnet.gatewayMac, aPod.ip, b.fips[0].ip, 40005, 5432),
      tcpPacket(aPod.ip, b.fips[0].ip, 40005, 5432),
    ),
  );

  const sb = {
    chassis: nodes.map((n) => ({ name: n.chassis, hostname: n.name, encapIp: n.ip })),
    binds,
    macBindings,
  };
  return { units, sb, flows, counts: { ...counts, switches: 3 + p.vpcs * p.subnetsPerVpc, routers: 1 + p.vpcs } };
}

/** Packs command units into ovn-nbctl calls of at most ARG_BYTES of arguments. */
function chunks(units) {
  const out = [];
  let current = [];
  let bytes = 0;
  for (const u of units) {
    const args = u.flatMap((cmd) => ['--', ...cmd]);
    const size = args.reduce((n, a) => n + a.length + 9, 0);
    if (bytes + size > ARG_BYTES && current.length > 0) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...args);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** [uuid, value of `column`] of every row of an SB table (a map column comes as [[key, value], ...]). */
function sbRows(sandbox, table, column) {
  const listed = JSON.parse(sandbox.run('ovn-sbctl', ['--format=json', `--columns=_uuid,${column}`, 'list', table]));
  return listed.data.map(([[, uuid], value]) => [uuid, Array.isArray(value) && value[0] === 'map' ? value[1] : value]);
}

const since = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const note = (text) => process.stderr.write(`  gen-kube-ovn-nb: ${text}\n`);

/** Builds the database and writes the output folder (atomically: a temp folder renamed at the end). */
export async function generate(params, out) {
  validate(params);
  const unavailable = ovnUnavailable();
  if (unavailable !== null) throw new Error(unavailable);
  const built = plan(params);
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'snapshot', 'ovn'), { recursive: true });
  const sandbox = new OvnSandbox('hookpath-gen-ovn-');
  const times = {};
  try {
    await sandbox.startControlPlane();
    let t = process.hrtime.bigint();
    const calls = chunks(built.units);
    for (const args of calls) sandbox.run('ovn-nbctl', ['--timeout=600', ...args]);
    times.nbctlMs = Math.round(since(t));
    note(`${built.units.length} ovn-nbctl units in ${calls.length} calls: ${times.nbctlMs} ms`);
    t = process.hrtime.bigint();
    sandbox.run('ovn-nbctl', ['--wait=sb', '--timeout=1800', 'sync']);
    times.northdMs = Math.round(since(t));
    note(`northd compiled the NB in ${times.northdMs} ms`);
    t = process.hrtime.bigint();
    sandbox.run(
      'ovn-sbctl',
      built.sb.chassis.flatMap((c) => [
        '--',
        'chassis-add',
        c.name,
        'geneve',
        c.encapIp,
        '--',
        'set',
        'Chassis',
        c.name,
        `hostname=${q(c.hostname)}`,
      ]),
    );
    // What `ovn-sbctl lsp-bind` writes (Port_Binding.chassis), addressed by UUID: lsp-bind looks
    // every port up by name, which takes minutes for thousands of ports in one call.
    const chassisUuid = new Map(sbRows(sandbox, 'Chassis', 'name').map(([uuid, name]) => [name, uuid]));
    const bindingUuid = new Map(sbRows(sandbox, 'Port_Binding', 'logical_port').map(([uuid, lsp]) => [lsp, uuid]));
    const binds = built.sb.binds.map(([lsp, chassis]) => {
      if (!bindingUuid.has(lsp)) throw new Error(`northd made no Port_Binding for ${lsp}`);
      return [['set', 'Port_Binding', bindingUuid.get(lsp), `chassis=${chassisUuid.get(chassis)}`]];
    });
    for (const args of chunks(binds)) sandbox.run('ovn-sbctl', ['--timeout=600', ...args]);
    times.bindMs = Math.round(since(t));
    note(`${built.sb.binds.length} ports bound to their chassis: ${times.bindMs} ms`);
    const datapaths = new Map();
    for (const [uuid, pairs] of sbRows(sandbox, 'Datapath_Binding', 'external_ids')) {
      const name = pairs.find(([k]) => k === 'name');
      if (name !== undefined) datapaths.set(name[1], uuid);
    }
    const macArgs = built.sb.macBindings.map(([lr, lrp, ip, m]) => {
      if (!datapaths.has(lr)) throw new Error(`no SB datapath for router ${lr}`);
      return [['create', 'MAC_Binding', `datapath=${datapaths.get(lr)}`, `logical_port=${q(lrp)}`, `ip=${q(ip)}`, `mac=${q(m)}`]];
    });
    for (const args of chunks(macArgs)) sandbox.run('ovn-sbctl', ['--timeout=600', ...args]);
    t = process.hrtime.bigint();
    sandbox.run('ovn-nbctl', ['--wait=sb', '--timeout=1800', 'sync']);
    times.resyncMs = Math.round(since(t));
    const lflows = sandbox.run('ovn-sbctl', ['--bare', '--columns=_uuid', 'list', 'Logical_Flow']).split('\n').filter(Boolean).length;
    const dir = join(tmp, 'snapshot', 'ovn');
    writeFileSync(join(dir, 'nb.json'), sandbox.run('ovsdb-client', ['-f', 'json', 'dump', sandbox.nbDb, 'OVN_Northbound']));
    writeFileSync(join(dir, 'sb-MAC_Binding.txt'), sandbox.run('ovn-sbctl', ['list', 'MAC_Binding']));
    writeFileSync(join(dir, 'sbctl-show.txt'), sandbox.run('ovn-sbctl', ['show']));
    await sandbox.stopDaemons();
    for (const name of ['nb', 'sb']) {
      sandbox.run('ovsdb-tool', ['compact', join(sandbox.dir, `${name}.db`), join(tmp, `${name}.db`)]);
      rmSync(join(tmp, `.${name}.db.~lock~`), { force: true });
    }
    writeFileSync(join(tmp, 'flows.json'), `${JSON.stringify(built.flows, null, 2)}\n`);
    writeFileSync(
      join(tmp, 'summary.json'),
      `${JSON.stringify({ params, counts: { ...built.counts, logicalFlows: lflows, macBindings: built.sb.macBindings.length }, times }, null, 2)}\n`,
    );
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
  } finally {
    sandbox.stopNow();
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const { params, out } = parseArgs(process.argv.slice(2));
  generate(params, out)
    .then((dir) => process.stdout.write(`${dir}\n`))
    .catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
      process.exitCode = 1;
    });
}
