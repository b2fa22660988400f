import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseDiffArgs, parseFlowSpec, parseGenerators } from './diff-args';

describe('diff arguments', () => {
  it('--flow: like trace, tcp when a port is given, otherwise an icmp echo request', () => {
    assert.deepEqual(parseFlowSpec('pod-a 10.0.0.2 10.96.0.10 80'), {
      from: 'pod-a',
      packet: { src: '10.0.0.2', dst: '10.96.0.10', proto: 'tcp', dport: 80 },
      label: 'pod-a 10.0.0.2 -> 10.96.0.10:80/tcp',
    });
    assert.deepEqual(parseFlowSpec(' node-1:eth0  1.1.1.1 10.0.0.2 udp 53 ').packet, {
      src: '1.1.1.1',
      dst: '10.0.0.2',
      proto: 'udp',
      dport: 53,
    });
    assert.deepEqual(parseFlowSpec('pod-a 10.0.0.2 8.8.8.8').packet, { src: '10.0.0.2', dst: '8.8.8.8', proto: 'icmp' });
    assert.deepEqual(parseFlowSpec('pod-a 10.0.0.2 8.8.8.8 tcp').packet, { src: '10.0.0.2', dst: '8.8.8.8', proto: 'tcp' });
    assert.throws(() => parseFlowSpec('pod-a 10.0.0.2 8.8.8.8 sctp'), /"sctp" is not tcp, udp or icmp/);
    assert.throws(() => parseFlowSpec('pod-a 10.0.0.2 8.8.8.8 tcp 0'), /expected an integer from 1 to 65535/);
    assert.throws(() => parseFlowSpec('pod-a 10.0.0.2 8.8.8.8 80 tcp'), /"80" is not tcp, udp or icmp/);
  });

  it('--flows: each generator once, in the order given', () => {
    assert.deepEqual(parseGenerators('outside-to-exposed, pods-to-outside,outside-to-exposed'), ['outside-to-exposed', 'pods-to-outside']);
  });

  it('every generator by default; only the explicit flows when --flow is given alone', () => {
    assert.deepEqual(parseDiffArgs(['a', 'b']).generators, ['pods-to-services', 'pods-to-outside', 'outside-to-exposed']);
    const explicit = parseDiffArgs(['a', 'b', '--flow', 'p 10.0.0.1 10.0.0.2', '--flow', 'q 10.0.0.3 10.0.0.4 udp 53']);
    assert.deepEqual([explicit.generators, explicit.flows.map((f) => f.from)], [[], ['p', 'q']]);
    assert.deepEqual(parseDiffArgs(['a', 'b', '--flow', 'p 10.0.0.1 10.0.0.2', '--flows', 'pods-to-outside']).generators, [
      'pods-to-outside',
    ]);
  });
});
