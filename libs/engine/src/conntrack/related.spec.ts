import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { packetFromSpec, type InnerHeader, type Packet } from '../packet/packet';
import type { Connection } from './connection';
import { ConntrackTable } from './conntrack-table';
import type { CtTuple } from './ct-view';
import { relatedLookup, translateIcmpError } from './related';

const tuple = (proto: CtTuple['proto'], src: string, sport: number, dst: string, dport: number): CtTuple => ({
  proto,
  src,
  sport,
  dst,
  dport,
});

function conn(original: CtTuple, reply: CtTuple, icmp = false): Connection {
  return {
    id: 1,
    proto: original.proto,
    original,
    reply,
    icmpTypes: icmp ? { original: 8, reply: 0 } : null,
    seenReply: false,
    assured: false,
    confirmed: true,
    mark: 0,
    zone: 0,
    tcpState: null,
    timeout: null,
    origin: { kind: 'trace', host: 'gw', hook: 'PREROUTING' },
  };
}

/** An ICMP error from `src` to `dst` quoting `inner`. */
function icmpError(src: string, dst: string, inner: InnerHeader, type = 3, code = 3): Packet {
  return { ...packetFromSpec({ src, dst, proto: 'icmp' }), icmpType: type, icmpCode: code, icmpId: 0, inner };
}

const udpInner = (src: string, sport: number, dst: string, dport: number): InnerHeader => ({
  proto: 'udp',
  src,
  sport,
  dst,
  dport,
  icmpType: 0,
  icmpId: 0,
});

// scenario 60's gw: 10.1.0.2:46001 -> 10.9.9.9:53 DNATed to 10.2.0.2:5353
const dnat = conn(tuple('udp', '10.1.0.2', 46001, '10.9.9.9', 53), tuple('udp', '10.2.0.2', 5353, '10.1.0.2', 46001));
// scenario 62's gw: 10.1.0.2:46201 -> 10.3.0.2:53 masqueraded to 10.2.0.1:46201
const snat = conn(tuple('udp', '10.1.0.2', 46201, '10.3.0.2', 53), tuple('udp', '10.3.0.2', 53, '10.2.0.1', 46201));

describe('ICMP errors RELATED to a connection (nf_conntrack_inet_error)', () => {
  const table = new ConntrackTable([dnat]);

  it('finds the connection by the inverted quoted header, in the direction of the entry it matched', () => {
    const found = relatedLookup(table, icmpError('10.2.0.2', '10.1.0.2', udpInner('10.1.0.2', 46001, '10.2.0.2', 5353)), 0);
    assert.equal(found?.kind, 'related');
    assert.equal(found?.kind === 'related' ? found.direction : null, 'REPLY');
  });

  it('is INVALID when the quoted header belongs to no connection, or the outer destination is not where that direction goes', () => {
    assert.equal(
      relatedLookup(table, icmpError('10.2.0.2', '10.1.0.2', udpInner('10.1.0.2', 46009, '10.2.0.2', 5353)), 0)?.kind,
      'invalid',
    );
    assert.equal(
      relatedLookup(table, icmpError('10.2.0.2', '10.1.0.77', udpInner('10.1.0.2', 46001, '10.2.0.2', 5353)), 0)?.kind,
      'invalid',
    );
    assert.equal(
      relatedLookup(table, icmpError('10.2.0.2', '10.1.0.2', udpInner('10.1.0.2', 46001, '10.2.0.2', 5353)), 7)?.kind,
      'invalid',
    );
  });

  it('leaves packets without a quoted header to the ordinary lookup', () => {
    assert.equal(
      relatedLookup(table, packetFromSpec({ src: '10.2.0.2', dst: '10.1.0.2', proto: 'udp', sport: 5353, dport: 46001 }), 0),
      null,
    );
  });
});

describe('un-NATing an ICMP error (nf_nat_icmp_reply_translation)', () => {
  it('DNAT: in POSTROUTING (SRC manip) the outer source and the quoted destination go back to the address the client sent to (scenario 60)', () => {
    const error = icmpError('10.2.0.2', '10.1.0.2', udpInner('10.1.0.2', 46001, '10.2.0.2', 5353));
    assert.equal(translateIcmpError(dnat, 'REPLY', 'DST', error).changed, false);
    const out = translateIcmpError(dnat, 'REPLY', 'SRC', error);
    assert.equal(out.packet.src, '10.9.9.9');
    assert.equal(out.packet.dst, '10.1.0.2');
    assert.deepEqual(out.packet.inner, udpInner('10.1.0.2', 46001, '10.9.9.9', 53));
  });

  it('SNAT: in PREROUTING (DST manip) the outer destination and the quoted source go back to the client; the outer source stays (scenario 62)', () => {
    const error = icmpError('10.2.0.2', '10.2.0.1', udpInner('10.2.0.1', 46201, '10.3.0.2', 53));
    const out = translateIcmpError(snat, 'REPLY', 'DST', error);
    assert.equal(out.packet.src, '10.2.0.2');
    assert.equal(out.packet.dst, '10.1.0.2');
    assert.deepEqual(out.packet.inner, udpInner('10.1.0.2', 46201, '10.3.0.2', 53));
    assert.equal(translateIcmpError(snat, 'REPLY', 'SRC', out.packet).changed, false);
  });

  it('a quoted echo request keeps its id and gets its destination back (scenario 60, echo-admin-prohibited)', () => {
    const echo = conn(tuple('icmp', '10.1.0.2', 6003, '10.9.9.9', 6003), tuple('icmp', '10.2.0.2', 6003, '10.1.0.2', 6003), true);
    const inner: InnerHeader = { proto: 'icmp', src: '10.1.0.2', dst: '10.2.0.2', sport: 0, dport: 0, icmpType: 8, icmpId: 6003 };
    const found = relatedLookup(new ConntrackTable([echo]), icmpError('10.2.0.2', '10.1.0.2', inner, 3, 13), 0);
    assert.equal(found?.kind, 'related');
    const out = translateIcmpError(echo, 'REPLY', 'SRC', icmpError('10.2.0.2', '10.1.0.2', inner, 3, 13));
    assert.equal(out.packet.src, '10.9.9.9');
    assert.deepEqual(out.packet.inner, { ...inner, dst: '10.9.9.9' });
  });
});
