import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SnapshotModel } from '@hookpath/model';
import { ConntrackState } from '../conntrack/conntrack-table';
import { OvnConntrack } from '../ovn/ovn-conntrack';
import { packetFromSpec } from '../packet/packet';
import { compileSnapshot, simulate, simulateCompiled, TraceRequestError } from '../simulate';
import type { Trace } from '../trace/trace';
import { runWalk } from './run';
import type { Walk } from '../walk/walk';
import { modelFromText } from './testing/load-example';
import { DEFAULT_RULES, ipAddrText, ipRouteText, type IfaceSpec } from './testing/text-hosts';

const TOPOLOGY = 'segments:\n  - name: lan0\n    members: [a:eth0, r:eth0]\n  - name: lan1\n    members: [r:eth1, b:eth0]\n';

const A: IfaceSpec[] = [{ name: 'eth0', addrs: ['10.0.0.5/24', '192.168.5.5/32'] }];
const R: IfaceSpec[] = [
  { name: 'eth0', addrs: ['10.0.0.1/24'] },
  { name: 'eth1', addrs: ['10.1.0.1/24'] },
  { name: 'eth2', addrs: ['10.2.0.1/24'] },
];
const B: IfaceSpec[] = [{ name: 'eth0', addrs: ['10.1.0.2/24'] }];

interface Variant {
  rSysctl?: string;
  bSysctl?: string;
  bRoutes?: boolean;
}

/** a — lan0 — r — lan1 — b; r's eth2 is wired to nothing. No host has iptables. */
function model(v: Variant = {}): SnapshotModel {
  const b: Record<string, string> = { 'ip-addr.txt': ipAddrText(B), 'ip-rule.txt': DEFAULT_RULES };
  if (v.bRoutes !== false) b['ip-route.txt'] = ipRouteText(B, ['default via 10.1.0.1 dev eth0 ']);
  if (v.bSysctl !== undefined) b['sysctl.txt'] = v.bSysctl;
  return modelFromText(
    {
      a: { 'ip-addr.txt': ipAddrText(A), 'ip-route.txt': ipRouteText(A, ['default via 10.0.0.1 dev eth0 ']), 'ip-rule.txt': DEFAULT_RULES },
      r: {
        'ip-addr.txt': ipAddrText(R),
        'ip-route.txt': ipRouteText(R, [
          '10.9.0.0/16 via 10.1.0.99 dev eth1 ',
          'blackhole 10.66.0.0/16 ',
          '10.3.0.0/24 via 10.2.0.254 dev eth2 ',
          '10.77.0.0/16 via 10.1.0.2 dev eth1 ',
          '192.168.5.0/24 via 10.1.0.2 dev eth1 ',
        ]),
        'ip-rule.txt': DEFAULT_RULES,
        'sysctl.txt': v.rSysctl ?? 'net.ipv4.ip_forward = 1\n',
      },
      b,
    },
    TOPOLOGY,
  );
}

const ping = (m: SnapshotModel, from: string, src: string, dst: string, roundTrip = false): Trace =>
  simulate(m, { from, packet: { src, dst, proto: 'icmp', icmpId: 9 } }, { roundTrip });

describe('the packet path across hosts', () => {
  it('is routed by r and delivered to b, TTL decremented once', () => {
    const t = ping(model(), 'a', '10.0.0.5', '10.1.0.2');
    assert.equal(t.disposition, 'DELIVERED');
    assert.deepEqual(t.end?.host, 'b');
    assert.equal(t.end?.packet.ttl, 63);
    assert.deepEqual(
      t.steps.map((s) => `${s.host}:${s.kind}`),
      [
        'a:routing',
        'a:interface',
        'r:interface',
        'r:routing',
        'r:rp_filter',
        'r:interface',
        'b:interface',
        'b:routing',
        'b:rp_filter',
        'b:deliver',
      ],
    );
    const route = t.steps.find((s) => s.host === 'r' && s.kind === 'routing');
    assert.match(
      route?.explanation ?? '',
      /ip rule 32766 `from all lookup main` → table main: 10\.1\.0\.0\/24 dev eth1 .*forward out eth1/,
    );
    assert.equal(t.conntrack, null, 'no iptables anywhere: conntrack never ran');
    assert.match(t.steps[0]?.explanation ?? '', /no iptables captured for a/);
  });

  it('round trip: the reply goes back to a', () => {
    const t = ping(model(), 'a', '10.0.0.5', '10.1.0.2', true);
    assert.equal(t.reply?.disposition, 'DELIVERED');
    assert.equal(t.reply?.end?.host, 'a');
    assert.deepEqual(t.reply?.packet, { src: '10.1.0.2', dst: '10.0.0.5', proto: 'icmp', icmpId: 9 });
  });

  it('leaves the snapshot through an unwired interface (EXITED)', () => {
    const t = ping(model(), 'a', '10.0.0.5', '10.3.0.5');
    assert.equal(t.disposition, 'EXITED');
    assert.deepEqual([t.end?.host, t.end?.iface], ['r', 'eth2']);
  });

  it('nobody owns the next hop on the segment: NO_NEIGHBOR', () => {
    const t = ping(model(), 'a', '10.0.0.5', '10.9.0.1');
    assert.deepEqual([t.disposition, t.dropReason, t.end?.iface], ['DROPPED', 'NO_NEIGHBOR', 'eth1']);
    assert.match(t.steps[t.steps.length - 1]?.explanation ?? '', /ARP who-has 10\.1\.0\.99 .* gets no answer/);
  });

  it('blackhole route: BLACKHOLE', () => {
    const t = ping(model(), 'a', '10.0.0.5', '10.66.1.1');
    assert.deepEqual([t.disposition, t.dropReason], ['DROPPED', 'BLACKHOLE']);
  });

  it('ip_forward = 0: NOT_FORWARDING', () => {
    const t = ping(model({ rSysctl: 'net.ipv4.ip_forward = 0\n' }), 'a', '10.0.0.5', '10.1.0.2');
    assert.deepEqual([t.disposition, t.dropReason], ['DROPPED', 'NOT_FORWARDING']);
    assert.match(t.steps.find((s) => s.kind === 'routing' && s.host === 'r')?.explanation ?? '', /net\.ipv4\.ip_forward = 0/);
  });

  it('per-interface forwarding wins over ip_forward', () => {
    const t = ping(model({ rSysctl: 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.eth0.forwarding = 0\n' }), 'a', '10.0.0.5', '10.1.0.2');
    assert.equal(t.dropReason, 'NOT_FORWARDING');
  });

  it('a host that must forward without sysctl.txt: UNKNOWN, saying what is missing', () => {
    const t = ping(model(), 'a', '10.0.0.5', '10.77.0.1');
    assert.equal(t.disposition, 'UNKNOWN');
    assert.match(String(t.dropReason), /hosts\/b\/sysctl\.txt was not captured/);
  });

  it('a host without ip-route: UNKNOWN', () => {
    const t = ping(model({ bRoutes: false }), 'a', '10.0.0.5', '10.1.0.2');
    assert.equal(t.disposition, 'UNKNOWN');
    assert.equal(t.dropReason, 'hosts/b/ip-route.* was not captured');
  });

  it('a routing loop runs until the TTL does: TTL_EXCEEDED where it reaches 1 (conformance scenario 15)', () => {
    // r sends 10.77.0.0/16 to b, b's default route sends it back: r receives TTL 64, 62, ..., 2 and b 63, ..., 1
    const t = ping(model({ bSysctl: 'net.ipv4.ip_forward = 1\n' }), 'a', '10.0.0.5', '10.77.0.1');
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host], ['DROPPED', 'TTL_EXCEEDED', 'b']);
    const arrivals = (host: string): number[] =>
      t.steps
        .filter((s) => s.host === host && s.kind === 'interface' && /^arrives/.test(s.explanation))
        .map((s) => s.packetAfter?.ttl ?? 0);
    assert.equal(arrivals('r').length, 32);
    assert.deepEqual([arrivals('r')[0], arrivals('r')[31]], [64, 2]);
    assert.deepEqual([arrivals('b').length, arrivals('b')[31]], [32, 1]);
    assert.match(t.steps[t.steps.length - 1]?.explanation ?? '', /TTL 1 cannot be decremented/);
  });

  it('maxHops ends a trace that would go on longer: LOOP', () => {
    const t = simulate(
      model({ bSysctl: 'net.ipv4.ip_forward = 1\n' }),
      { from: 'a', packet: { src: '10.0.0.5', dst: '10.77.0.1', proto: 'icmp' } },
      { maxHops: 10 },
    );
    assert.deepEqual([t.disposition, t.dropReason], ['DROPPED', 'LOOP']);
    assert.match(t.steps[t.steps.length - 1]?.explanation ?? '', /more than 10 hops/);
  });

  it('the same packet (TTL included) arriving on the same interface again is a loop', () => {
    const compiled = compileSnapshot(model());
    const walk: Walk = {
      snapshot: compiled,
      options: { maxHops: 256, multipath: 0 },
      ct: new ConntrackState(compiled.conntrack, 1),
      ovnCt: new OvnConntrack(),
      ovnChassis: null,
      steps: [],
      conntrack: null,
      visited: new Set<string>(),
      hops: 0,
      diagnosis: [],
    };
    const packet = packetFromSpec({ src: '10.0.0.5', dst: '10.1.0.2', proto: 'icmp' });
    assert.equal(runWalk(walk, { kind: 'arrive', host: 'r', iface: 'eth0', packet }).disposition, 'DELIVERED');
    const again = runWalk(walk, { kind: 'arrive', host: 'r', iface: 'eth0', packet });
    assert.deepEqual([again.disposition, again.dropReason], ['DROPPED', 'LOOP']);
    assert.match(walk.steps[walk.steps.length - 1]?.explanation ?? '', /the same packet arrives on r:eth0 a second time/);
    assert.equal(
      runWalk(walk, { kind: 'arrive', host: 'r', iface: 'eth0', packet: { ...packet, ttl: 63 } }).disposition,
      'DELIVERED',
      'a lower TTL is a new pass, not a loop',
    );
  });

  it('TTL 1 cannot be forwarded: TTL_EXCEEDED', () => {
    const compiled = compileSnapshot(model());
    const walk = {
      snapshot: compiled,
      options: { maxHops: 32, multipath: 0 },
      ct: new ConntrackState(compiled.conntrack, 1),
      ovnCt: new OvnConntrack(),
      ovnChassis: null,
      steps: [],
      conntrack: null,
      visited: new Set<string>(),
      hops: 0,
      diagnosis: [],
    };
    const packet = { ...packetFromSpec({ src: '10.0.0.5', dst: '10.1.0.2', proto: 'icmp' }), ttl: 1 };
    const outcome = runWalk(walk, { kind: 'arrive', host: 'r', iface: 'eth0', packet });
    assert.deepEqual([outcome.disposition, outcome.dropReason], ['DROPPED', 'TTL_EXCEEDED']);
  });

  it('strict rp_filter silences the ARP answer for an asymmetric sender (oracle fact 11); loose lets it through', () => {
    const strict = ping(model({ rSysctl: 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 1\n' }), 'a', '192.168.5.5', '10.1.0.2');
    assert.deepEqual([strict.disposition, strict.dropReason, strict.end?.host], ['DROPPED', 'NO_NEIGHBOR', 'a']);
    assert.match(strict.steps[strict.steps.length - 1]?.explanation ?? '', /rp_filter strict/);
    const loose = ping(model({ rSysctl: 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 2\n' }), 'a', '192.168.5.5', '10.1.0.2');
    assert.equal(loose.disposition, 'DELIVERED');
  });

  it('a packet to the host itself loops back through lo', () => {
    const t = ping(model(), 'a', '10.0.0.5', '10.0.0.5');
    assert.equal(t.disposition, 'DELIVERED');
    assert.ok(t.steps.some((s) => s.kind === 'interface' && s.iface === 'lo'));
  });

  it('source 0.0.0.0 lets the kernel choose (inet_select_addr towards the gateway)', () => {
    const t = ping(model(), 'a', '0.0.0.0', '10.1.0.2');
    assert.equal(t.steps[0]?.packetAfter?.src, '10.0.0.5');
    assert.equal(t.disposition, 'DELIVERED');
  });
});

describe('trace requests', () => {
  const m = model();
  const run = (from: string, src = '10.0.0.5', dst = '10.1.0.2'): Trace =>
    simulate(m, { from, packet: { src, dst, proto: 'udp', sport: 1, dport: 53 } });

  it('places name a host or host:iface', () => {
    assert.equal(run('r:eth0').disposition, 'DELIVERED');
    assert.throws(
      () => run('nohost'),
      (e: unknown) => e instanceof TraceRequestError && e.code === 'UNKNOWN_HOST' && /no host "nohost"/.test(e.message),
    );
    assert.throws(
      () => run('r:eth9'),
      (e: unknown) => e instanceof TraceRequestError && e.code === 'UNKNOWN_INTERFACE' && /eth0, eth1, eth2/.test(e.message),
    );
    assert.throws(() => run('r:'), TraceRequestError);
    assert.throws(
      () => run('ovn:lsp1'),
      (e: unknown) => e instanceof TraceRequestError && e.code === 'UNSUPPORTED_PLACE',
    );
    assert.throws(
      () => run('a', '10.0.0.300'),
      (e: unknown) => e instanceof TraceRequestError && e.code === 'BAD_PACKET',
    );
    assert.throws(() => run('r:eth0', '0.0.0.0'), TraceRequestError);
  });

  it('is pure and deterministic: a compiled snapshot gives the same trace twice and the model is unchanged', () => {
    const before = JSON.stringify(m);
    const compiled = compileSnapshot(m);
    const request = { from: 'a', packet: { src: '10.0.0.5', dst: '10.1.0.2', proto: 'tcp' as const, sport: 1234, dport: 80 } };
    const first = simulateCompiled(compiled, request, { roundTrip: true });
    const second = simulateCompiled(compiled, request, { roundTrip: true });
    assert.deepEqual(first, second);
    assert.equal(JSON.stringify(m), before);
  });
});
