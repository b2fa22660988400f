import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Host } from '@hookpath/model';
import { packetFromSpec, type Packet } from '../packet/packet';
import { modelFromText } from '../pipeline/testing/load-example';
import { connectionFromEntry, type Connection } from './connection';
import { ConntrackState, ConntrackTable } from './conntrack-table';
import { applyBinding, recordManip } from './nat-binding';
import { ctViewOf, describeTracked, stateOf, track, type Tracked, type TrackResult } from './track';

const LINES = [
  'icmp     1 29 src=13.13.0.4 dst=192.169.100.1 type=8 code=0 id=27281 [UNREPLIED] src=192.169.100.1 dst=13.13.0.4 type=0 code=0 id=27281 mark=0 use=1',
  'tcp      6 431999 ESTABLISHED src=10.12.192.44 dst=10.253.4.194 sport=44624 dport=8000 src=10.253.4.194 dst=10.12.97.49 sport=8000 dport=44624 [ASSURED] mark=0 use=1',
  'tcp      6 86399 ESTABLISHED src=10.244.0.2 dst=10.96.0.10 sport=40000 dport=80 src=10.244.0.3 dst=10.244.0.2 sport=8080 dport=40000 [ASSURED] mark=0 use=1',
];

function setup(sysctl = ''): { host: Host; state: ConntrackState; base: Map<string, ConntrackTable> } {
  const files: Record<string, string> = { 'conntrack.txt': `${LINES.join('\n')}\n` };
  if (sysctl !== '') files['sysctl.txt'] = sysctl;
  const host = modelFromText({ gw: files }).hosts[0];
  if (host === undefined) throw new Error('no host');
  const conns = (host.conntrack ?? [])
    .map((e, i) => connectionFromEntry(e, i + 1, 'conntrack.txt'))
    .filter((c): c is Connection => c !== null);
  const base = new Map([['gw', new ConntrackTable(conns)]]);
  return { host, state: new ConntrackState(base, 100), base };
}

/** A result the snapshot decides (not UNKNOWN). */
function known(r: TrackResult): Tracked {
  if (r.kind === 'unknown') throw new Error(`unknown: ${r.reason}`);
  return r;
}

const icmp = (src: string, dst: string, id: number, type = 8): Packet => ({
  ...packetFromSpec({ src, dst, proto: 'icmp', icmpId: id }),
  icmpType: type,
});
const tcp = (src: string, sport: number, dst: string, dport: number, flags: Packet['tcpFlags']): Packet => ({
  ...packetFromSpec({ src, dst, proto: 'tcp', sport, dport }),
  tcpFlags: flags,
});

describe('conntrack lookup (nf_conntrack_in)', () => {
  it('an [UNREPLIED] entry: later packets are NEW but confirmed, so nat is skipped', () => {
    const { host, state } = setup();
    const t = track(state, host, 'PREROUTING', icmp('13.13.0.4', '192.169.100.1', 27281));
    assert.equal(t.kind, 'existing');
    const view = ctViewOf(t, icmp('13.13.0.4', '192.169.100.1', 27281));
    assert.equal(view.state, 'NEW');
    assert.equal(view.confirmed, true);
    assert.equal(view.direction, 'ORIGINAL');
    assert.match(view.entry ?? '', /id=27281 \[UNREPLIED\]/);
  });

  it('the reply direction is ESTABLISHED and marks the entry replied (before any later drop, fact 6)', () => {
    const { host, state } = setup();
    const t = track(state, host, 'PREROUTING', icmp('192.169.100.1', '13.13.0.4', 27281, 0));
    assert.ok(t.kind === 'existing' && t.direction === 'REPLY' && t.state === 'ESTABLISHED');
    const again = track(state, host, 'PREROUTING', icmp('13.13.0.4', '192.169.100.1', 27281));
    assert.ok(again.kind === 'existing' && again.state === 'ESTABLISHED');
  });

  it('the ICMP echo tuple is keyed by the id: another id is a new connection', () => {
    const { host, state } = setup();
    const t = track(state, host, 'PREROUTING', icmp('13.13.0.4', '192.169.100.1', 1));
    assert.equal(t.kind, 'new');
    const view = ctViewOf(t, icmp('13.13.0.4', '192.169.100.1', 1));
    assert.equal(view.state, 'NEW');
    assert.equal(view.confirmed, false);
  });

  it('packets that cannot start a connection are INVALID', () => {
    const { host, state } = setup();
    assert.equal(track(state, host, 'PREROUTING', icmp('1.1.1.1', '2.2.2.2', 5, 0)).kind, 'invalid');
    assert.equal(track(state, host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['SYN', 'ACK'])).kind, 'invalid');
    assert.equal(track(state, host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['RST'])).kind, 'invalid');
    assert.equal(track(state, host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['FIN', 'ACK'])).kind, 'invalid');
    assert.equal(track(state, host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['SYN'])).kind, 'new');
    const view = ctViewOf(
      known(track(state, host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['SYN', 'ACK']))),
      tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['SYN', 'ACK']),
    );
    assert.equal(view.state, 'INVALID');
  });

  it('a bare ACK is picked up mid-stream unless nf_conntrack_tcp_loose = 0', () => {
    const loose = setup();
    assert.equal(track(loose.state, loose.host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['ACK'])).kind, 'new');
    const strict = setup('net.netfilter.nf_conntrack_tcp_loose = 0\n');
    assert.equal(track(strict.state, strict.host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['ACK'])).kind, 'invalid');
  });

  it('an entry matches only packets of its zone (zone= in conntrack -L, -j CT --zone)', () => {
    const { host, state } = setup();
    const zoned = connectionFromEntry(
      {
        family: 'ipv4',
        protocol: 'udp',
        protoNum: 17,
        original: { src: '10.2.0.1', dst: '10.2.0.2', sport: 5555, dport: 7000 },
        reply: { src: '10.2.0.2', dst: '10.2.0.1', sport: 7001, dport: 5555 },
        unreplied: true,
        assured: false,
        zone: 7,
        line: 9,
        text: 'udp 17 29 src=10.2.0.1 ... zone=7 use=1',
      },
      50,
      'conntrack.txt',
    );
    if (zoned === null) return assert.fail('expected a connection');
    assert.equal(zoned.zone, 7);
    state.table('gw').insert(zoned);
    const p: Packet = { ...packetFromSpec({ src: '10.2.0.1', dst: '10.2.0.2', proto: 'udp', sport: 5555, dport: 7000 }) };
    assert.equal(track(state, host, 'OUTPUT', p).kind, 'new', 'zone 0 has no such entry');
    const inZone = track(state, host, 'OUTPUT', p, 7);
    assert.ok(inZone.kind === 'existing' && inZone.conn === zoned);
    const fresh = track(state, host, 'OUTPUT', { ...p, sport: 5556 }, 7);
    assert.ok(fresh.kind === 'new' && fresh.conn.zone === 7, "a new connection is created in the packet's zone");
  });

  it('directional zones: each tuple is found only in its own zone (zone-orig= / zone-reply= in conntrack -L)', () => {
    const line =
      'udp      17 25 src=10.1.0.2 dst=10.1.0.1 sport=5555 dport=7000 zone-orig=5 [UNREPLIED] src=10.1.0.1 dst=10.1.0.2 sport=7000 dport=5555 mark=0 use=1';
    const entry = modelFromText({ gw: { 'conntrack.txt': `${line}\n` } }).hosts[0]?.conntrack?.[0];
    const conn = entry === undefined ? null : connectionFromEntry(entry, 70, 'conntrack.txt');
    if (conn === null) return assert.fail('no connection');
    assert.deepEqual([conn.zone, conn.replyZone], [5, 0]);
    const { host, state } = setup();
    state.table('gw').insert(conn);
    const udp = (src: string, sport: number, dst: string, dport: number): Packet =>
      packetFromSpec({ src, dst, proto: 'udp', sport, dport });
    const zone0 = track(state, host, 'OUTPUT', udp('10.1.0.2', 5555, '10.1.0.1', 7000));
    assert.equal(zone0.kind, 'new', 'the original tuple is in zone 5 only');
    const zone5 = track(state, host, 'OUTPUT', udp('10.1.0.2', 5555, '10.1.0.1', 7000), 5);
    assert.ok(zone5.kind === 'existing' && zone5.conn === conn && zone5.direction === 'ORIGINAL');
    const reply = track(state, host, 'PREROUTING', udp('10.1.0.1', 7000, '10.1.0.2', 5555));
    assert.ok(reply.kind === 'existing' && reply.conn === conn && reply.direction === 'REPLY', 'the reply tuple is in zone 0');
  });

  /** A conntrack table holding one snapshot line (besides LINES). */
  function withEntry(line: string, sysctl = ''): { host: Host; state: ConntrackState; old: Connection } {
    const { host, state } = setup(sysctl);
    const entry = modelFromText({ gw: { 'conntrack.txt': `${line}\n` } }).hosts[0]?.conntrack?.[0];
    const old = entry === undefined ? null : connectionFromEntry(entry, 60, 'conntrack.txt');
    if (old === null) throw new Error('no connection');
    state.table('gw').insert(old);
    return { host, state, old };
  }
  const tcpLine = (tcpState: string, unreplied = false): string =>
    `tcp      6 117 ${tcpState} src=10.1.0.2 dst=10.9.9.9 sport=40100 dport=80 ${unreplied ? '[UNREPLIED] ' : ''}src=10.2.0.2 dst=10.1.0.2 sport=8080 dport=40100 ${unreplied ? '' : '[ASSURED] '}mark=0 use=1`;
  const stateOfEntry = (c: Connection): string | null => c.tcpState;

  it('a SYN on a TIME_WAIT entry reopens it: the old entry is deleted and the packet starts a new connection', () => {
    const { host, state, old } = withEntry(tcpLine('TIME_WAIT'));
    assert.equal(old.tcpState, 'TIME_WAIT');
    const ack = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['ACK']));
    assert.ok(ack.kind === 'existing' && ack.conn === old, 'other segments still match the old entry');
    const syn = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['SYN']));
    assert.ok(syn.kind === 'new' && syn.reopens === old);
    assert.match(describeTracked(syn), /in TIME_WAIT reopens it/);
    assert.equal(state.table('gw').all().includes(old), false);
  });

  it('a SYN in the reply direction of a TIME_WAIT entry reopens it too: a new connection from the server, not de-NATed', () => {
    const { host, state, old } = withEntry(tcpLine('TIME_WAIT'));
    const syn = track(state, host, 'PREROUTING', tcp('10.2.0.2', 8080, '10.1.0.2', 40100, ['SYN']));
    assert.ok(syn.kind === 'new' && syn.reopens === old);
    assert.deepEqual(syn.conn.original, { proto: 'tcp', src: '10.2.0.2', dst: '10.1.0.2', sport: 8080, dport: 40100 });
  });

  it('a SYN on a CLOSE entry is UNKNOWN: reopened or ignored depending on how it closed, which conntrack -L does not show', () => {
    const { host, state, old } = withEntry(tcpLine('CLOSE'));
    const syn = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['SYN']));
    assert.ok(syn.kind === 'unknown');
    assert.match(syn.reason, /close began with a FIN or with a RST from this side/);
    assert.equal(state.table('gw').all().includes(old), true);
    const reply = track(state, host, 'PREROUTING', tcp('10.2.0.2', 8080, '10.1.0.2', 40100, ['SYN']));
    assert.equal(reply.kind, 'invalid', 'a reply-direction SYN on CLOSE is sIV');
  });

  it('segments the state table forbids on an ESTABLISHED entry are INVALID; ignored ones keep the entry (kernel run on this machine)', () => {
    const { host, state, old } = withEntry(tcpLine('ESTABLISHED'));
    const at = (src: string, sport: number, dst: string, dport: number, flags: Packet['tcpFlags']): string =>
      track(state, host, 'PREROUTING', tcp(src, sport, dst, dport, flags)).kind;
    assert.equal(at('10.1.0.2', 40100, '10.9.9.9', 80, ['SYN', 'ACK']), 'invalid', 'SYN,ACK from the client');
    assert.equal(at('10.2.0.2', 8080, '10.1.0.2', 40100, ['SYN']), 'invalid', 'SYN from the server');
    assert.equal(at('10.1.0.2', 40100, '10.9.9.9', 80, ['FIN']), 'invalid', 'FIN without ACK: tcp_valid_flags');
    assert.equal(at('10.1.0.2', 40100, '10.9.9.9', 80, ['SYN', 'FIN']), 'invalid', 'SYN,FIN: tcp_valid_flags');
    const syn = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['SYN']));
    assert.ok(syn.kind === 'existing' && syn.state === 'ESTABLISHED' && syn.conn === old, 'a client SYN is ignored (sIG)');
    assert.match(describeTracked(syn), /conntrack ignores a TCP SYN in the original direction of an entry in state ESTABLISHED/);
    const synack = track(state, host, 'PREROUTING', tcp('10.2.0.2', 8080, '10.1.0.2', 40100, ['SYN', 'ACK']));
    assert.ok(synack.kind === 'existing' && synack.direction === 'REPLY', 'a server SYN,ACK is ignored (sIG)');
    const ack = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['ACK']));
    assert.ok(ack.kind === 'existing');
    assert.match(
      describeTracked(ack),
      /taken as inside the TCP window \(outside it, conntrack calls it INVALID or lets it pass without a state change, since nf_conntrack_tcp_be_liberal is 0\)/,
    );
    assert.match(describeTracked(ack), /entry SEEN_REPLY,ASSURED, 117 s left when captured \(not expired by the engine\)/);
    const fin = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['FIN', 'ACK']));
    assert.ok(fin.kind === 'existing');
    assert.match(describeTracked(fin), /TCP state ESTABLISHED -> FIN_WAIT/);
    assert.equal(old.tcpState, 'FIN_WAIT');
  });

  it('with nf_conntrack_tcp_be_liberal = 1 the window note is left out; an INVALID reply does not mark the entry replied', () => {
    const liberal = withEntry(tcpLine('ESTABLISHED'), 'net.netfilter.nf_conntrack_tcp_be_liberal = 1\n');
    const ack = track(liberal.state, liberal.host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['ACK']));
    assert.doesNotMatch(describeTracked(known(ack)), /TCP window/);
    const { host, state, old } = withEntry(tcpLine('SYN_SENT', true));
    assert.equal(track(state, host, 'PREROUTING', tcp('10.2.0.2', 8080, '10.1.0.2', 40100, ['ACK', 'FIN'])).kind, 'invalid');
    assert.equal(old.seenReply, false);
    const synack = track(state, host, 'PREROUTING', tcp('10.2.0.2', 8080, '10.1.0.2', 40100, ['SYN', 'ACK']));
    assert.ok(synack.kind === 'existing' && old.seenReply && stateOfEntry(old) === 'SYN_RECV' && !old.assured);
    const ack2 = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['ACK']));
    assert.ok(ack2.kind === 'existing' && stateOfEntry(old) === 'ESTABLISHED' && old.assured, 'SYN_RECV -> ESTABLISHED makes it ASSURED');
  });

  it('a UDP entry that has seen a reply: the next packet makes it ASSURED once its first packet is 2 s old', () => {
    const old = (timeout: number): string =>
      `udp      17 ${timeout} src=10.1.0.2 dst=10.1.0.1 sport=5000 dport=53 src=10.1.0.1 dst=10.1.0.2 sport=53 dport=5000 mark=0 use=1`;
    const p = (): Packet => packetFromSpec({ src: '10.1.0.2', dst: '10.1.0.1', proto: 'udp', sport: 5000, dport: 53 });
    const aged = withEntry(old(20));
    const t = track(aged.state, aged.host, 'PREROUTING', p());
    assert.ok(t.kind === 'existing' && t.state === 'ESTABLISHED' && aged.old.assured);
    assert.match(describeTracked(t), /makes it ASSURED/);
    const young = withEntry(old(29));
    const u = track(young.state, young.host, 'PREROUTING', p());
    assert.ok(u.kind === 'existing' && !young.old.assured);
    assert.match(describeTracked(u), /which the snapshot does not tell/);
    assert.match(ctViewOf(u, p()).assuredUnknown ?? '', /first packet is 2 s old or more/);
    assert.equal(ctViewOf(t, p()).assuredUnknown, undefined);
  });

  it('a SYN on an ESTABLISHED entry keeps it (no reopen)', () => {
    const { host, state } = setup();
    const t = track(state, host, 'PREROUTING', tcp('10.12.192.44', 44624, '10.253.4.194', 8000, ['SYN']));
    assert.ok(t.kind === 'existing' && t.state === 'ESTABLISHED');
  });

  it("a trace's changes stay in its own state: the snapshot's table is copied on first use", () => {
    const { host, state, base } = setup();
    track(state, host, 'PREROUTING', icmp('192.169.100.1', '13.13.0.4', 27281, 0));
    const other = new ConntrackState(base, 100);
    const t = track(other, host, 'PREROUTING', icmp('13.13.0.4', '192.169.100.1', 27281));
    assert.ok(t.kind === 'existing' && t.state === 'NEW', 'the other simulation still sees the entry unreplied');
  });
});

describe('NAT bindings on later packets and replies', () => {
  it("SNAT (MASQUERADE) connection: the source is rewritten at SRC hooks, the reply's destination at DST hooks", () => {
    const { host, state } = setup();
    const out = tcp('10.12.192.44', 44624, '10.253.4.194', 8000, ['ACK']);
    const t = track(state, host, 'PREROUTING', out);
    assert.ok(t.kind === 'existing' && t.direction === 'ORIGINAL');
    if (t.kind !== 'existing') return;
    assert.equal(applyBinding(t.conn, 'ORIGINAL', 'DST', out).changed, false);
    const snat = applyBinding(t.conn, 'ORIGINAL', 'SRC', out);
    assert.deepEqual([snat.packet.src, snat.packet.sport], ['10.12.97.49', 44624]);
    const back = tcp('10.253.4.194', 8000, '10.12.97.49', 44624, ['SYN', 'ACK']);
    const r = track(state, host, 'PREROUTING', back);
    assert.ok(r.kind === 'existing' && r.direction === 'REPLY');
    if (r.kind !== 'existing') return;
    const desnat = applyBinding(r.conn, 'REPLY', 'DST', back);
    assert.deepEqual([desnat.packet.dst, desnat.packet.dport], ['10.12.192.44', 44624]);
    assert.match(desnat.explanation, /de-SNAT/);
    assert.equal(applyBinding(r.conn, 'REPLY', 'SRC', desnat.packet).changed, false);
  });

  it("DNAT connection: the destination is rewritten at DST hooks, the reply's source at SRC hooks", () => {
    const { host, state } = setup();
    const out = tcp('10.244.0.2', 40000, '10.96.0.10', 80, ['ACK']);
    const t = track(state, host, 'OUTPUT', out);
    if (t.kind !== 'existing') return assert.fail('expected an existing entry');
    const dnat = applyBinding(t.conn, 'ORIGINAL', 'DST', out);
    assert.deepEqual([dnat.packet.dst, dnat.packet.dport], ['10.244.0.3', 8080]);
    const back = tcp('10.244.0.3', 8080, '10.244.0.2', 40000, ['ACK']);
    const r = track(state, host, 'PREROUTING', back);
    if (r.kind !== 'existing') return assert.fail('expected the reply direction');
    const dednat = applyBinding(r.conn, 'REPLY', 'SRC', back);
    assert.deepEqual([dednat.packet.src, dednat.packet.sport], ['10.96.0.10', 80]);
  });

  it('a new connection records what the nat table chose, and its reply finds it', () => {
    const { host, state } = setup();
    const first = icmp('13.13.0.4', '192.169.100.1', 7);
    const t = track(state, host, 'PREROUTING', first);
    if (t.kind !== 'new') return assert.fail('expected a new connection');
    recordManip(t.conn, 'SRC', { ...first, src: '192.169.100.2' });
    t.conn.confirmed = true;
    state.table('gw').insert(t.conn);
    const reply = icmp('192.169.100.1', '192.169.100.2', 7, 0);
    const r = track(state, host, 'PREROUTING', reply);
    if (r.kind !== 'existing') return assert.fail('expected the reply to match');
    assert.equal(applyBinding(r.conn, 'REPLY', 'DST', reply).packet.dst, '13.13.0.4');
  });
});

describe('first-packet states agree with the kernel (testing/capture-ct-states.sh)', () => {
  const observed = readFileSync(join(__dirname, '..', '..', 'src', 'conntrack', 'testing', 'ct-states.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/) as [string, string]);
  const probes: Record<string, Packet> = {
    syn: tcp('10.88.0.1', 40000, '10.88.0.2', 80, ['SYN']),
    ack: tcp('10.88.0.1', 40001, '10.88.0.2', 80, ['ACK']),
    synack: tcp('10.88.0.1', 40002, '10.88.0.2', 80, ['SYN', 'ACK']),
    fin: tcp('10.88.0.1', 40003, '10.88.0.2', 80, ['FIN', 'ACK']),
    rst: tcp('10.88.0.1', 40004, '10.88.0.2', 80, ['RST']),
    none: tcp('10.88.0.1', 40005, '10.88.0.2', 80, []),
    echoreply: icmp('10.88.0.1', '10.88.0.2', 777, 0),
    echo: icmp('10.88.0.1', '10.88.0.2', 778, 8),
    'ack-tcp_loose=0': tcp('10.88.0.1', 40001, '10.88.0.2', 80, ['ACK']),
  };
  it('has the recorded probes', () => assert.equal(observed.length, Object.keys(probes).length));
  for (const [name, state] of observed) {
    it(`${name}: ${state}`, () => {
      const { host, state: ct } = setup(name === 'ack-tcp_loose=0' ? 'net.netfilter.nf_conntrack_tcp_loose = 0\n' : '');
      const packet = probes[name];
      assert.ok(packet !== undefined, name);
      assert.equal(stateOf(known(track(ct, host, 'PREROUTING', packet))), state);
    });
  }
});
