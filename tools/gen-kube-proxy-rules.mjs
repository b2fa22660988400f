#!/usr/bin/env node
// Prints a kube-proxy-like (iptables mode) ruleset in iptables-save format, for benchmarks and
// scale tests. The output is deterministic and accepted by `iptables-restore --test`.
//
//   node tools/gen-kube-proxy-rules.mjs --services N [--backend IP:PORT]
//   node tools/gen-kube-proxy-rules.mjs --rules N [--backend IP:PORT]
//   node tools/gen-kube-proxy-rules.mjs --services N --flat [--backend IP:PORT]
//
// --services N   N ClusterIP services (port 80/tcp, named http) in namespaces ns-0..ns-63;
//                service i has 1 + i % 3 endpoints (10.244.0.0/16 pod IPs, port 8080), every 97th
//                has none (REJECTed in filter), every 10th is also a NodePort (30000-32767).
// --rules N      as many services as it takes to reach about N rules in total.
// --backend IP:PORT  every service gets this single endpoint instead.
// --flat         the smallest kube-proxy shape: every service has one endpoint, its KUBE-SERVICES rule
//                jumps to its KUBE-SVC chain, which holds the endpoint's DNAT and nothing else (no
//                KUBE-SEP chains, no masquerade marks, no NodePorts): about 3 lines per service,
//                25 MB for 100,000 services.
//
// Layout follows kube-proxy 1.28+: chain names hash the service port name like kube-proxy
// (sha256, base32, 16 characters), user chains are listed and filled in alphabetical order and
// probabilities are printed as iptables-save prints them (the kernel keeps them as n / 2^31).
import { addKubeProxyService, chainHash, Table } from './iptables-save-text.mjs';

const USAGE = 'usage: gen-kube-proxy-rules.mjs (--services N | --rules N) [--flat] [--backend IP:PORT]';
const CLUSTER_CIDR = '10.244.0.0/16';
const NODEPORT_FIRST = 30000;
const NODEPORT_COUNT = 2768;

function parseArgs(argv) {
  const args = { services: null, rules: null, backend: null, flat: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--services' || flag === '--rules') {
      if (!/^[0-9]+$/.test(value ?? '')) fail(`${flag} needs a number`);
      args[flag.slice(2)] = Number(value);
      i++;
    } else if (flag === '--backend') {
      if (!/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value ?? '')) fail('--backend needs IP:PORT');
      args.backend = value;
      i++;
    } else if (flag === '--flat') {
      args.flat = true;
    } else if (flag === '-h' || flag === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      fail(`unknown argument ${flag}`);
    }
  }
  if ((args.services === null) === (args.rules === null)) fail('give exactly one of --services and --rules');
  return args;
}

function fail(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/** Service VIPs in 10.96.0.0/12, as the kernel oracle's gen_rules.py numbers them. */
function vip(i) {
  return `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

function podIp(e) {
  return `10.${244 + (e >> 16)}.${(e >> 8) & 255}.${e & 255}`;
}

function baseRules(nat, filter) {
  nat.add('PREROUTING', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  nat.add('OUTPUT', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  nat.add('POSTROUTING', '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
  nat.add('KUBE-MARK-MASQ', '-j MARK --set-xmark 0x4000/0x4000');
  nat.add('KUBE-POSTROUTING', '-m mark ! --mark 0x4000/0x4000 -j RETURN');
  nat.add('KUBE-POSTROUTING', '-j MARK --set-xmark 0x4000/0x0');
  nat.add('KUBE-POSTROUTING', '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
  nat.chain('KUBE-NODEPORTS');
  nat.chain('KUBE-KUBELET-CANARY');
  nat.chain('KUBE-PROXY-CANARY');

  const ctNew = '-m conntrack --ctstate NEW -m comment --comment';
  filter.add('INPUT', `${ctNew} "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`);
  filter.add('INPUT', '-m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS');
  filter.add('INPUT', `${ctNew} "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`);
  filter.add('INPUT', '-j KUBE-FIREWALL');
  filter.add('FORWARD', `${ctNew} "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`);
  filter.add('FORWARD', '-m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD');
  filter.add('FORWARD', `${ctNew} "kubernetes service portals" -j KUBE-SERVICES`);
  filter.add('FORWARD', `${ctNew} "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`);
  filter.add('OUTPUT', `${ctNew} "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`);
  filter.add('OUTPUT', `${ctNew} "kubernetes service portals" -j KUBE-SERVICES`);
  filter.add('OUTPUT', '-j KUBE-FIREWALL');
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
  for (const c of [
    'KUBE-EXTERNAL-SERVICES',
    'KUBE-KUBELET-CANARY',
    'KUBE-NODEPORTS',
    'KUBE-PROXY-CANARY',
    'KUBE-PROXY-FIREWALL',
    'KUBE-SERVICES',
  ]) {
    filter.chain(c);
  }
}

/** Adds service `i` in the --flat shape: its KUBE-SERVICES rule and a KUBE-SVC chain with one DNAT. */
function addFlatService(i, state, nat, backend) {
  const name = `ns-${i % 64}/svc-${i}:http`;
  const endpoint = backend ?? `${podIp(state.endpoint++)}:8080`;
  const svc = `KUBE-SVC-${chainHash(`${name}tcp`)}`;
  nat.add('KUBE-SERVICES', `-d ${vip(i)}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport 80 -j ${svc}`);
  nat.add(svc, `-p tcp -m tcp -j DNAT --to-destination ${endpoint}`);
  return 2;
}

/** Adds service `i`; returns the number of rules it added. */
function addService(i, state, nat, filter, backend) {
  const before = nat.count + filter.count;
  const name = `ns-${i % 64}/svc-${i}:http`;
  const ip = vip(i);
  const endpoints = [];
  if (backend !== null) {
    endpoints.push(backend);
  } else if (i % 97 !== 96) {
    for (let k = 0; k <= i % 3; k++) endpoints.push(`${podIp(state.endpoint++)}:8080`);
  }
  const nodePort = () => (i % 10 === 0 && state.nodePorts < NODEPORT_COUNT ? NODEPORT_FIRST + state.nodePorts++ : null);
  addKubeProxyService(nat, filter, { name, vip: ip, endpoints, clusterCidr: CLUSTER_CIDR, nodePort });
  return nat.count + filter.count - before;
}

function generate({ services, rules, backend, flat }) {
  const nat = new Table('nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
  const filter = new Table('filter', ['INPUT', 'FORWARD', 'OUTPUT']);
  baseRules(nat, filter);
  const state = { endpoint: 2, nodePorts: 0 };
  const add = flat ? (k) => addFlatService(k, state, nat, backend) : (k) => addService(k, state, nat, filter, backend);
  let i = 0;
  if (services !== null) {
    for (; i < services; i++) add(i);
  } else {
    // the closing KUBE-SERVICES -> KUBE-NODEPORTS rule comes on top
    while (nat.count + filter.count + 1 < rules) add(i++);
  }
  nat.add(
    'KUBE-SERVICES',
    '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  const out = [`# Generated by tools/gen-kube-proxy-rules.mjs: ${i} services, ${nat.count + filter.count} rules`];
  for (const table of [filter, nat]) for (const line of table.lines()) out.push(line);
  return `${out.join('\n')}\n`;
}

process.stdout.write(generate(parseArgs(process.argv.slice(2))));
