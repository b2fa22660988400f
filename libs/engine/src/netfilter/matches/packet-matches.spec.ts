import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { outcome, probe } from '../testing/probe.testing';

const tcp = (dport: number, extra: Record<string, unknown> = {}) => ({
  packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp' as const, sport: 40000, dport, ...extra },
});

describe('built-in selectors (-s -d -i -o -p -f)', () => {
  it('compares addresses under their mask, each with its own !', () => {
    assert.equal(outcome('-s 10.0.0.0/8'), 'match');
    assert.equal(outcome('-s 10.0.0.1'), 'match');
    assert.equal(outcome('! -s 10.0.0.0/8'), 'no');
    assert.equal(outcome('-d 10.0.0.2/32 ! -s 10.12.0.0/16'), 'match');
    assert.equal(outcome('-d 10.0.0.3/32'), 'no');
    assert.equal(outcome('-s 10.0.0.0/255.0.0.0'), 'match');
  });

  it('matches interface names exactly or by + prefix; a missing interface is the empty name', () => {
    assert.equal(outcome('-i eth0', { inIface: 'eth0' }), 'match');
    assert.equal(outcome('-i eth', { inIface: 'eth0' }), 'no');
    assert.equal(outcome('-i eth+', { inIface: 'eth0' }), 'match');
    assert.equal(outcome('-i veth+', { inIface: 'eth0' }), 'no');
    assert.equal(outcome('! -i veth+', { inIface: 'eth0' }), 'match');
    assert.equal(outcome('-o eth1', {}, { hook: 'OUTPUT' }), 'match');
    assert.equal(outcome('-i eth0', {}, { hook: 'OUTPUT' }), 'no');
    assert.equal(outcome('! -i eth0', {}, { hook: 'OUTPUT' }), 'match');
    assert.equal(outcome('-i +', {}, { hook: 'OUTPUT' }), 'match');
  });

  it('compares protocols by number; all matches everything, with or without !', () => {
    assert.equal(outcome('-p tcp'), 'match');
    assert.equal(outcome('-p 6'), 'match');
    assert.equal(outcome('-p udp'), 'no');
    assert.equal(outcome('! -p udp'), 'match');
    assert.equal(outcome('-p all'), 'match');
    assert.equal(outcome('! -p all'), 'match');
    assert.equal(outcome('-p sctp'), 'no');
    assert.equal(outcome('-p esp-like-unknown'), 'no');
  });

  it('never sees non-first fragments', () => {
    assert.equal(outcome('-f'), 'no');
    assert.equal(outcome('! -f'), 'match');
  });

  it('describes the selectors that matched', () => {
    assert.equal(
      probe('! -s 10.12.0.0/16 -d 10.0.0.2/32 -i eth0 -p tcp').explanation,
      'matched ! -s 10.12.0.0/16, -d 10.0.0.2/32, -i eth0, -p tcp: accept',
    );
  });
});

describe('tcp and udp', () => {
  it('matches ports and ranges with !', () => {
    assert.equal(outcome('-p tcp -m tcp --dport 80', tcp(80)), 'match');
    assert.equal(outcome('-p tcp --dport 80', tcp(81)), 'no');
    assert.equal(outcome('-p tcp --dport 80:90', tcp(85)), 'match');
    assert.equal(outcome('-p tcp --dport 1024:', tcp(65535)), 'match');
    assert.equal(outcome('-p tcp --sport :1023', tcp(80)), 'no');
    assert.equal(outcome('-p tcp ! --dport 22', tcp(80)), 'match');
    assert.equal(outcome('-p tcp --sport 40000 --dport 80', tcp(80)), 'match');
    assert.equal(outcome('-p udp -m udp --dport 53', { packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'udp', dport: 53 } }), 'match');
    assert.equal(outcome('-p udp -m udp --dport 80', tcp(80)), 'no');
  });

  it('--syn is FIN,SYN,RST,ACK SYN; --tcp-flags compares under the mask', () => {
    assert.equal(outcome('-p tcp --syn', tcp(80)), 'match');
    assert.equal(outcome('-p tcp --syn', tcp(80, { tcpFlags: ['SYN', 'ACK'] })), 'no');
    assert.equal(outcome('-p tcp ! --syn', tcp(80, { tcpFlags: ['ACK'] })), 'match');
    assert.equal(outcome('-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN', tcp(80)), 'match');
    assert.equal(outcome('-p tcp -m tcp --tcp-flags SYN NONE', tcp(80)), 'no');
    assert.equal(outcome('-p tcp -m tcp --tcp-flags SYN NONE', tcp(80, { tcpFlags: ['ACK'] })), 'match');
    assert.equal(outcome('-p tcp -m tcp --tcp-flags ALL ACK,PSH', tcp(80, { tcpFlags: ['ACK', 'PSH'] })), 'match');
    assert.equal(outcome('-p tcp -m tcp ! --tcp-flags RST RST', tcp(80)), 'match');
  });
});

describe('icmp', () => {
  const echo = { packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp' as const } };
  const unreachable = { packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp' as const, icmpType: 3, icmpCode: 3 } };
  it('matches types by name, number, type/code and any', () => {
    assert.equal(outcome('-p icmp -m icmp --icmp-type 8', echo), 'match');
    assert.equal(outcome('-p icmp --icmp-type echo-request', echo), 'match');
    assert.equal(outcome('-p icmp --icmp-type echo-reply', echo), 'no');
    assert.equal(outcome('-p icmp --icmp-type any', echo), 'match');
    assert.equal(outcome('-p icmp ! --icmp-type 8', echo), 'no');
    assert.equal(outcome('-p icmp --icmp-type 3/3', unreachable), 'match');
    assert.equal(outcome('-p icmp --icmp-type port-unreachable', unreachable), 'match');
    assert.equal(outcome('-p icmp --icmp-type host-unreachable', unreachable), 'no');
    assert.equal(outcome('-p icmp --icmp-type destination-unreachable', unreachable), 'match');
  });
});

describe('multiport, iprange, length, mac, comment, limit', () => {
  it('multiport lists, ranges, --ports either side, !', () => {
    assert.equal(outcome('-p tcp -m multiport --dports 22,80,443', tcp(80)), 'match');
    assert.equal(outcome('-p tcp -m multiport --dports 8000:8080,443', tcp(8001)), 'match');
    assert.equal(outcome('-p tcp -m multiport ! --dports 22,80', tcp(80)), 'no');
    assert.equal(outcome('-p tcp -m multiport --ports 40000', tcp(80)), 'match');
    assert.equal(outcome('-p tcp -m multiport --sports 1:1023', tcp(80)), 'no');
  });

  it('iprange inclusive, ! per option', () => {
    assert.equal(outcome('-m iprange --src-range 10.0.0.1-10.0.0.9'), 'match');
    assert.equal(outcome('-m iprange --dst-range 10.0.0.3-10.0.0.9'), 'no');
    assert.equal(outcome('-m iprange ! --dst-range 10.0.0.3-10.0.0.9'), 'match');
  });

  it('length of the IP packet', () => {
    assert.equal(outcome('-m length --length 0:100', tcp(80)), 'match');
    assert.equal(outcome('-m length --length 61:', tcp(80)), 'no');
    assert.equal(outcome('-m length ! --length 60', tcp(80)), 'no');
    assert.equal(probe('-m length --length 60', tcp(80)).explanation, 'matched --length 60 (length 60): accept');
  });

  it('mac source, UNKNOWN when the trace has no MAC', () => {
    assert.equal(outcome('-m mac --mac-source 0A:00:00:00:00:01', tcp(80, { srcMac: '0a:00:00:00:00:01' })), 'match');
    assert.equal(outcome('-m mac ! --mac-source 0a:00:00:00:00:01', tcp(80, { srcMac: '0a:00:00:00:00:01' })), 'no');
    const unknown = probe('-m mac --mac-source 0a:00:00:00:00:01', tcp(80));
    assert.equal(unknown.outcome, 'unknown');
    assert.match(unknown.explanation, /filter\/INPUT rule 1 needs the frame's source MAC/);
  });

  it('mac source from the sending interface (kernel conformance scenario 04); never on lo, ! or not', () => {
    const icmp = { packet: { src: '10.1.0.2', dst: '10.1.0.1', proto: 'icmp' as const, srcMac: '7e:fe:1e:c2:f2:29' } };
    assert.equal(
      probe('-p icmp -m mac --mac-source 7E:FE:1E:C2:F2:29', icmp).explanation,
      'matched -p icmp, --mac-source 7E:FE:1E:C2:F2:29: accept',
    );
    assert.equal(outcome('-m mac --mac-source 7e:fe:1e:c2:f2:28', icmp), 'no');
    assert.equal(outcome('-m mac ! --mac-source 7e:fe:1e:c2:f2:28', icmp), 'match');
    assert.equal(outcome('-m mac --mac-source 00:00:00:00:00:00', { inIface: 'lo' }), 'no');
    assert.equal(outcome('-m mac ! --mac-source 0a:00:00:00:00:01', { inIface: 'lo' }), 'no');
  });

  it('comment always matches and is quoted in the explanation', () => {
    assert.equal(
      probe('-m comment --comment "kubernetes service portals"').explanation,
      'matches every packet: accept — "kubernetes service portals"',
    );
  });

  it('limit and hashlimit-upto match with a note; hashlimit-above does not', () => {
    const limited = probe('-m limit --limit 5/min --limit-burst 10');
    assert.equal(limited.outcome, 'match');
    assert.match(limited.explanation, /rate limit --limit 5\/min --limit-burst 10 assumed not exceeded/);
    assert.equal(outcome('-m hashlimit --hashlimit-upto 10/sec --hashlimit-name x'), 'match');
    assert.equal(outcome('-m hashlimit --hashlimit-above 10/sec --hashlimit-name x'), 'no');
  });
});
