import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { flowSchema } from '@hookpath/contracts';
import { packetOf } from './flow-trace';

describe("a flow's tcpFlags (REST and GraphQL)", () => {
  it("become the traced packet's TCP flags; without them the engine traces a SYN", () => {
    const flow = flowSchema.parse({ from: 'gw', src: '10.0.0.1', dst: '10.0.0.2', dport: 80, tcpFlags: ['ACK'] });
    assert.deepEqual(packetOf(flow).tcpFlags, ['ACK']);
    assert.equal(packetOf(flowSchema.parse({ from: 'gw', src: '10.0.0.1', dst: '10.0.0.2', dport: 80 })).tcpFlags, undefined);
  });

  it('are refused for other protocols, unknown names and repeats', () => {
    const base = { from: 'gw', src: '10.0.0.1', dst: '10.0.0.2' };
    const issue = (flow: object): string => {
      const result = flowSchema.safeParse(flow);
      return result.success ? '' : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    assert.match(issue({ ...base, proto: 'udp', dport: 53, tcpFlags: ['ACK'] }), /tcpFlags: tcpFlags apply to tcp/);
    assert.match(issue({ ...base, dport: 80, tcpFlags: ['NOPE'] }), /^tcpFlags\.0:/);
    assert.match(issue({ ...base, dport: 80, tcpFlags: ['ACK', 'ACK'] }), /each TCP flag at most once/);
  });
});
