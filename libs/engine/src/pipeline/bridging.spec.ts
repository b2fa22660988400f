import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotFile, SnapshotModel } from '@hookpath/model';
import { simulate } from '../simulate';
import type { Trace } from '../trace/trace';
import { bridgeNfSetting } from './bridging';
import { editFile, exampleFiles, parseExample } from './testing/load-example';

/**
 * The bridge paths on examples/003-br-netfilter-fixed (node-1: cni0 with pod-a behind
 * veth3a1f0c2e and pod-b behind veth9b7d4e10), edited per case. The kernel sequences they encode
 * are compared with the real kernel in test/conformance/scenarios/30-37.
 */
const NODE = 'hosts/node-1';
const base = (): SnapshotFile[] => exampleFiles('003-br-netfilter-fixed');
const sysctl = (files: SnapshotFile[], edit: (t: string) => string): SnapshotFile[] => editFile(files, `${NODE}/sysctl.txt`, edit);
const withoutBrNetfilter = (t: string): string =>
  t
    .split('\n')
    .filter((l) => !l.startsWith('net.bridge.'))
    .join('\n');
const nfOff = (t: string): string => t.replace('net.bridge.bridge-nf-call-iptables = 1', 'net.bridge.bridge-nf-call-iptables = 0');
const linkJson = (files: SnapshotFile[], edit: (links: Record<string, unknown>[]) => void): SnapshotFile[] =>
  editFile(files, `${NODE}/ip-link.json`, (t) => {
    const links = JSON.parse(t) as Record<string, unknown>[];
    edit(links);
    return JSON.stringify(links);
  });
const setLinkInfo = (
  links: Record<string, unknown>[],
  name: string,
  key: 'info_data' | 'info_slave_data',
  field: string,
  value: unknown,
): void => {
  const info = links.find((l) => l.ifname === name)?.linkinfo as Record<string, Record<string, unknown>> | undefined;
  assert.ok(info?.[key] !== undefined, `${name} has no ${key}`);
  info[key][field] = value;
};

const request = (m: SnapshotModel, dst = '10.96.0.10'): Trace =>
  simulate(m, { from: 'pod-a', packet: { src: '10.244.0.2', dst, proto: 'tcp', sport: 40000, dport: 80 } }, { roundTrip: true });
const direct = (m: SnapshotModel): Trace =>
  simulate(m, { from: 'pod-a', packet: { src: '10.244.0.2', dst: '10.244.0.3', proto: 'udp', sport: 40001, dport: 53 } });
const nodeSteps = (t: Trace | undefined) => (t?.steps ?? []).filter((s) => s.host === 'node-1');

describe('br_netfilter setting', () => {
  const host = (files: SnapshotFile[]) => parseExample(files).hosts.find((h) => h.name === 'node-1');
  it('the namespace sysctl, else the bridge attribute; no net.bridge.* key at all: the module is not loaded', () => {
    const on = host(base());
    assert.ok(on !== undefined);
    assert.deepEqual(bridgeNfSetting(on, 'cni0'), { on: true, source: 'net.bridge.bridge-nf-call-iptables = 1' });
    const off = host(sysctl(base(), nfOff));
    assert.ok(off !== undefined);
    assert.equal(bridgeNfSetting(off, 'cni0')?.on, false);
    const attr = host(linkJson(sysctl(base(), nfOff), (l) => setLinkInfo(l, 'cni0', 'info_data', 'nf_call_iptables', 1)));
    assert.ok(attr !== undefined);
    assert.deepEqual(bridgeNfSetting(attr, 'cni0'), {
      on: true,
      source: "cni0 nf_call_iptables 1 (the namespace's net.bridge.bridge-nf-call-iptables is 0)",
    });
    const unloaded = host(linkJson(sysctl(base(), withoutBrNetfilter), (l) => setLinkInfo(l, 'cni0', 'info_data', 'nf_call_iptables', 1)));
    assert.ok(unloaded !== undefined);
    assert.deepEqual(bridgeNfSetting(unloaded, 'cni0'), {
      on: false,
      source: 'br_netfilter is not loaded (no net.bridge.* key in sysctl.txt)',
    });
    assert.equal(bridgeNfSetting({ ...unloaded, sysctls: null }, 'cni0'), null);
  });
});

describe('bridged IPv4 and iptables', () => {
  it('with br_netfilter a pod-to-pod frame passes PREROUTING, FORWARD and POSTROUTING with its ports as physdev', () => {
    const files = editFile(base(), `${NODE}/iptables-save.txt`, (t) =>
      t.replace(
        '[1:60] -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall"',
        '[0:0] -A FORWARD -m physdev --physdev-in veth3a1f0c2e --physdev-out veth9b7d4e10 --physdev-is-bridged -j ACCEPT\n[1:60] -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall"',
      ),
    );
    const t = direct(parseExample(files));
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.ttl], ['DELIVERED', 'pod-b', 64]);
    const rule = nodeSteps(t).find((s) => s.chain === 'FORWARD' && s.verdict === 'ACCEPT');
    assert.equal(rule?.rule, '-A FORWARD -m physdev --physdev-in veth3a1f0c2e --physdev-out veth9b7d4e10 --physdev-is-bridged -j ACCEPT');
    assert.ok(nodeSteps(t).some((s) => s.kind === 'conntrack' && s.hook === 'PREROUTING'));
    assert.ok(!nodeSteps(t).some((s) => s.kind === 'rp_filter'), 'a bridged packet is not source-validated');
  });

  it('the bridge attribute alone sends the reply through conntrack: the Service call works', () => {
    const t = request(parseExample(linkJson(sysctl(base(), nfOff), (l) => setLinkInfo(l, 'cni0', 'info_data', 'nf_call_iptables', 1))));
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.packet.src, t.reply?.end?.packet.sport], ['DELIVERED', '10.96.0.10', 80]);
    assert.match(nodeSteps(t.reply).find((s) => s.kind === 'interface')?.explanation ?? '', /cni0 nf_call_iptables 1/);
  });

  it('bridged DNAT still needs a forwarding bridge: ip_route_input of the new destination refuses it (conformance 39)', () => {
    const files = sysctl(base(), (t) => t.replace('net.ipv4.conf.cni0.forwarding = 1', 'net.ipv4.conf.cni0.forwarding = 0'));
    const t = request(parseExample(files));
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host], ['DROPPED', 'NOT_FORWARDING', 'node-1']);
  });

  it('br_netfilter not loaded: the request is routed (TTL 63) and the reply is bridged past conntrack', () => {
    const t = request(parseExample(sysctl(base(), withoutBrNetfilter)));
    assert.deepEqual([t.disposition, t.end?.packet.ttl], ['DELIVERED', 63]);
    assert.match(nodeSteps(t.reply).find((s) => s.kind === 'bridge')?.explanation ?? '', /br_netfilter is not loaded/);
    assert.deepEqual([t.reply?.end?.packet.src, t.reply?.end?.packet.sport], ['10.244.0.3', 8080]);
  });
});

describe('FDB', () => {
  it('an unknown destination MAC is flooded to every other port; the trace follows the one leading to the owner', () => {
    const files = editFile(base(), `${NODE}/bridge-fdb.json`, (t) =>
      JSON.stringify((JSON.parse(t) as { mac: string }[]).filter((e) => e.mac !== '0a:58:0a:f4:00:03')),
    );
    const t = direct(parseExample(sysctl(files, nfOff)));
    assert.equal(t.disposition, 'DELIVERED');
    assert.match(
      nodeSteps(t).find((s) => s.kind === 'bridge')?.explanation ?? '',
      /0a:58:0a:f4:00:03 is not in cni0's FDB: flooded to veth9b7d4e10; followed through veth9b7d4e10/,
    );
  });

  it('a learned MAC is forwarded to its port', () => {
    const t = direct(parseExample(sysctl(base(), nfOff)));
    assert.match(
      nodeSteps(t).find((s) => s.kind === 'bridge')?.explanation ?? '',
      /FDB entry 0a:58:0a:f4:00:03 dev veth9b7d4e10 master cni0/,
    );
  });

  it('an FDB entry behind the incoming port: the bridge does not send the frame back', () => {
    const files = editFile(base(), `${NODE}/bridge-fdb.json`, (t) =>
      t.replace('{"mac":"0a:58:0a:f4:00:03","ifname":"veth9b7d4e10"', '{"mac":"0a:58:0a:f4:00:03","ifname":"veth3a1f0c2e"'),
    );
    const t = direct(parseExample(sysctl(files, nfOff)));
    assert.deepEqual([t.disposition, t.dropReason], ['DROPPED', 'NO_NEIGHBOR']);
    assert.match(t.steps.at(-1)?.explanation ?? '', /behind veth3a1f0c2e, the port the frame came in by/);
  });
});

describe('bridged DNAT back to the sender (hairpin)', () => {
  const selfService = (files: SnapshotFile[]) =>
    editFile(files, `${NODE}/iptables-save.txt`, (t) => t.replace('--to-destination 10.244.0.3:8080', '--to-destination 10.244.0.2:8080'));
  it('without hairpin mode on the port, the DNATed frame is not sent back out of it', () => {
    const t = request(parseExample(selfService(base())));
    assert.deepEqual([t.disposition, t.dropReason], ['DROPPED', 'NO_NEIGHBOR']);
    assert.match(
      t.steps.at(-1)?.explanation ?? '',
      /10\.244\.0\.2 is behind veth3a1f0c2e, the port the frame came in by: the bridge does not send it back out \(hairpin mode is off on veth3a1f0c2e\)/,
    );
  });
  it('with hairpin mode on, it goes back to the sender, which drops its own source address as a martian', () => {
    // why kube-proxy marks `-s <endpoint>` for masquerade in each KUBE-SEP chain
    const files = linkJson(selfService(base()), (l) => setLinkInfo(l, 'veth3a1f0c2e', 'info_slave_data', 'hairpin', true));
    const t = request(parseExample(files));
    assert.match(
      nodeSteps(t).find((s) => s.kind === 'bridge')?.explanation ?? '',
      /behind veth3a1f0c2e, the port the frame came in by, which is in hairpin mode/,
    );
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host, t.end?.packet.dport], ['DROPPED', 'RP_FILTER', 'pod-a', 8080]);
  });
});
