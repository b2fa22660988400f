import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { packetFromSpec, parseTcpFlags } from './packet';

describe('TCP flags of a traced packet', () => {
  it('parses comma-separated names in any case and order, into header order', () => {
    assert.deepEqual(parseTcpFlags('ack,SYN'), { flags: ['SYN', 'ACK'] });
    assert.deepEqual(parseTcpFlags('FIN,ACK,PSH'), { flags: ['FIN', 'PSH', 'ACK'] });
  });

  it('refuses unknown and repeated names', () => {
    assert.match(
      'error' in parseTcpFlags('SYN,FOO') ? (parseTcpFlags('SYN,FOO') as { error: string }).error : '',
      /expected comma-separated TCP flags/,
    );
    assert.match('error' in parseTcpFlags('ACK,ack') ? (parseTcpFlags('ACK,ack') as { error: string }).error : '', /ACK is given twice/);
    assert.ok('error' in parseTcpFlags(''));
  });

  it('a tcp packet is a SYN unless the spec gives its flags; other protocols have none', () => {
    assert.deepEqual(packetFromSpec({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp' }).tcpFlags, ['SYN']);
    assert.deepEqual(packetFromSpec({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', tcpFlags: ['ACK'] }).tcpFlags, ['ACK']);
    assert.deepEqual(packetFromSpec({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'udp', tcpFlags: ['ACK'] }).tcpFlags, []);
  });
});
