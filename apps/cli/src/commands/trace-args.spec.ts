import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { UsageError } from '../cli-error';
import { parseTraceArgs } from './trace-args';

describe('trace arguments', () => {
  it('infers the protocol: tcp with a port, icmp otherwise', () => {
    assert.equal(parseTraceArgs(['s', '--from', 'h', '--src', '1.1.1.1', '--dst', '2.2.2.2', '--dport', '80']).packet.proto, 'tcp');
    assert.equal(parseTraceArgs(['s', '--from', 'h', '--src', '1.1.1.1', '--dst', '2.2.2.2']).packet.proto, 'icmp');
  });

  it('reads marks in hex or decimal and keeps only the options given', () => {
    const args = parseTraceArgs([
      'snap.tar.gz',
      '--from',
      'gw:eth0',
      '--src',
      '1.1.1.1',
      '--dst',
      '2.2.2.2',
      '-p',
      'udp',
      '--sport',
      '5353',
      '--mark',
      '0x4000',
      '--round-trip',
      '--json',
    ]);
    assert.deepEqual(args, {
      snapshot: 'snap.tar.gz',
      from: 'gw:eth0',
      packet: { src: '1.1.1.1', dst: '2.2.2.2', proto: 'udp', sport: 5353, mark: 0x4000 },
      roundTrip: true,
      json: true,
    });
    assert.equal(parseTraceArgs(['s', '--from', 'h', '--src', '1.1.1.1', '--dst', '2.2.2.2', '--mark', '16']).packet.mark, 16);
  });

  it('refuses an icmp id on tcp and a mark above 32 bits', () => {
    assert.throws(
      () => parseTraceArgs(['s', '--from', 'h', '--src', '1.1.1.1', '--dst', '2.2.2.2', '-p', 'tcp', '--icmp-id', '3']),
      UsageError,
    );
    assert.throws(() => parseTraceArgs(['s', '--from', 'h', '--src', '1.1.1.1', '--dst', '2.2.2.2', '--mark', '0x100000000']), UsageError);
  });

  it('reads --ttl 1-255 (the TTL the packet is sent with) and refuses others', () => {
    const base = ['s', '--from', 'h', '--src', '1.1.1.1', '--dst', '2.2.2.2', '-p', 'udp', '--dport', '53'];
    assert.equal(parseTraceArgs([...base, '--ttl', '2']).packet.ttl, 2);
    assert.equal(parseTraceArgs(base).packet.ttl, undefined);
    for (const bad of ['0', '256', 'x']) assert.throws(() => parseTraceArgs([...base, '--ttl', bad]), UsageError, bad);
  });

  it('reads --backend <ip:port> (an IPVS real server) and refuses anything else', () => {
    const base = ['s', '--from', 'h', '--src', '1.1.1.1', '--dst', '2.2.2.2', '--dport', '80'];
    assert.equal(parseTraceArgs([...base, '--backend', '10.253.4.194:8000']).backend, '10.253.4.194:8000');
    assert.equal(parseTraceArgs(base).backend, undefined);
    assert.equal(parseTraceArgs([...base, '--choose', '172.20.0.3']).choose, '172.20.0.3');
    assert.equal(parseTraceArgs([...base, '--choose', 'KUBE-SEP-TCD3IFXQZW3ZEZQU']).choose, 'KUBE-SEP-TCD3IFXQZW3ZEZQU');
    assert.throws(() => parseTraceArgs([...base, '--choose', 'member 2']), UsageError);
    for (const bad of ['10.253.4.194', 'x:80', '10.253.4.194:70000', '10.253.4.194:80:1'])
      assert.throws(() => parseTraceArgs([...base, '--backend', bad]), UsageError, bad);
  });
});
