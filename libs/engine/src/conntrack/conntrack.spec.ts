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
import { ctViewOf, describeTracked, stateOf, track } from './track';

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
  const conns = (host.conntrack ?? []).map((e, i) => connectionFromEntry(e, i + 1, 'conntrack.txt')).filter((c): c is Connection => c !== null);
  const base = new Map([['gw', new ConntrackTable(conns)]]);
  return { host, state: new ConntrackState(base, 100), base };
}

const icmp = (src: string, dst: string, id: number, type = 8): Packet => ({ ...packetFromSpec({ src, dst, proto: 'icmp', icmpId: id }), icmpType: type });
const tcp = (src: string, sport: number, dst: string, dport: number, flags: Packet['tcpFlags']): Packet => ({ ...packetFromSpec({ src, dst, proto: 'tcp', sport, dport }), tcpFlags: flags });

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
    const view = ctViewOf(track(state, host, 'PREROUTING', tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['SYN', 'ACK'])), tcp('1.1.1.1', 1000, '2.2.2.2', 80, ['SYN', 'ACK']));
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
      { family: 'ipv4', protocol: 'udp', protoNum: 17, original: { src: '10.2.0.1', dst: '10.2.0.2', sport: 5555, dport: 7000 }, reply: { src: '10.2.0.2', dst: '10.2.0.1', sport: 7001, dport: 5555 }, unreplied: true, assured: false, zone: 7, line: 9, text: 'udp 17 29 src=10.2.0.1 ... zone=7 use=1' },
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
    assert.ok(fresh.kind === 'new' && fresh.conn.zone === 7, 'a new connection is created in the packet\'s zone');
  });

  it('a SYN on a TIME_WAIT or CLOSE entry reopens it: the old entry is deleted and the packet starts a new connection', () => {
    for (const tcpState of ['TIME_WAIT', 'CLOSE']) {
      const { host, state } = setup();
      const line = `tcp      6 117 ${tcpState} src=10.1.0.2 dst=10.9.9.9 sport=40100 dport=80 src=10.2.0.2 dst=10.1.0.2 sport=8080 dport=40100 [ASSURED] mark=0 use=1`;
      const files = { gw: { 'conntrack.txt': `${line}\n` } };
      const entry = modelFromText(files).hosts[0]?.conntrack?.[0];
      if (entry === undefined) return assert.fail('no entry');
      const old = connectionFromEntry(entry, 60, 'conntrack.txt');
      if (old === null) return assert.fail('no connection');
      assert.equal(old.tcpState, tcpState);
      state.table('gw').insert(old);
      const ack = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['ACK']));
      assert.ok(ack.kind === 'existing' && ack.conn === old, 'other segments still match the old entry');
      const syn = track(state, host, 'PREROUTING', tcp('10.1.0.2', 40100, '10.9.9.9', 80, ['SYN']));
      assert.ok(syn.kind === 'new' && syn.reopens === old);
      assert.match(describeTracked(syn), new RegExp(`in ${tcpState} reopens it`));
      assert.equal(state.table('gw').all().includes(old), false);
    }
  });

  it('a SYN on an ESTABLISHED entry keeps it (no reopen)', () => {
    const { host, state } = setup();
    const t = track(state, host, 'PREROUTING', tcp('10.12.192.44', 44624, '10.253.4.194', 8000, ['SYN']));
    assert.ok(t.kind === 'existing' && t.state === 'ESTABLISHED');
  });

  it('a trace\'s changes stay in its own state: the snapshot\'s table is copied on first use', () => {
    const { host, state, base } = setup();
    track(state, host, 'PREROUTING', icmp('192.169.100.1', '13.13.0.4', 27281, 0));
    const other = new ConntrackState(base, 100);
    const t = track(other, host, 'PREROUTING', icmp('13.13.0.4', '192.169.100.1', 27281));
    assert.ok(t.kind === 'existing' && t.state === 'NEW', 'the other simulation still sees the entry unreplied');
  });
});

describe('NAT bindings on later packets and replies', () => {
  it('SNAT (MASQUERADE) connection: the source is rewritten at SRC hooks, the reply\'s destination at DST hooks', () => {
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

  it('DNAT connection: the destination is rewritten at DST hooks, the reply\'s source at SRC hooks', () => {
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
      assert.equal(stateOf(track(ct, host, 'PREROUTING', packet)), state);
    });
  }
});
