import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { generateFlows } from '@hookpath/engine';
import { loadExample } from '../testing/models';
import { generateDiffFlows } from './diff-flows';

describe('generateDiffFlows', () => {
  const before = loadExample('000-vpc-nat-gw-eip-before');
  const after = loadExample('000-vpc-nat-gw-eip');

  it('runs each generator on both snapshots: the EIP bound only after the change gets its inbound flow', () => {
    assert.deepEqual(generateFlows(before, 'outside-to-exposed'), []);
    const flows = generateDiffFlows(before, after, ['outside-to-exposed']);
    assert.deepEqual(
      flows.map((f) => [f.from, f.packet.dst]),
      [['external-gw', '192.169.100.2']],
    );
  });

  it('keeps a flow both snapshots give once', () => {
    // the VM pod; the OVN ports bound to the VM's and the gateway's eth0 are theirs, not extra senders
    const once = generateFlows(after, 'pods-to-outside');
    assert.equal(once.length, 1);
    assert.deepEqual(generateDiffFlows(before, after, ['pods-to-outside']), once);
    assert.deepEqual(generateDiffFlows(after, after, ['pods-to-outside', 'outside-to-exposed']).length, 2);
  });
});
