import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { UsageError } from '../cli-error';
import { parseTraceArgs } from './trace-args';

const base = ['snap', '--from', 'gw', '--src', '10.0.0.1', '--dst', '10.0.0.2'];

describe('hookpath trace --tcp-flags', () => {
  it('sets the flags of the traced TCP packet (default: a SYN)', () => {
    assert.equal(parseTraceArgs([...base, '-p', 'tcp']).packet.tcpFlags, undefined);
    assert.deepEqual(parseTraceArgs([...base, '-p', 'tcp', '--tcp-flags', 'ACK']).packet.tcpFlags, ['ACK']);
    assert.deepEqual(parseTraceArgs([...base, '--dport', '80', '--tcp-flags', 'ack,syn']).packet.tcpFlags, ['SYN', 'ACK']);
  });

  it('refuses unknown flags and other protocols', () => {
    assert.throws(
      () => parseTraceArgs([...base, '-p', 'tcp', '--tcp-flags', 'SYN,NOPE']),
      (e: unknown) => e instanceof UsageError && /--tcp-flags "SYN,NOPE": expected comma-separated TCP flags/.test(e.message),
    );
    assert.throws(
      () => parseTraceArgs([...base, '-p', 'udp', '--tcp-flags', 'ACK']),
      (e: unknown) => e instanceof UsageError && /applies to tcp, not udp/.test(e.message),
    );
  });
});
