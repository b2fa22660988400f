import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileSnapshot } from '@hookpath/engine';
import { loadExample } from '../testing/models';
import { behaviouralDiff } from './behavioural-diff';
import { isFlowError } from './flow';

describe('behavioural diff: flows that cannot be traced', () => {
  const base = loadExample('000-vpc-nat-gw-eip');
  const withoutVm = structuredClone(base);
  withoutVm.hosts = withoutVm.hosts.filter((h) => h.name !== 'vm-13-13-0-4');

  it('a host missing on one side is a change with the error text, not an exception', () => {
    const flows = [
      { from: 'vm-13-13-0-4', packet: { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp' as const, icmpId: 9 }, label: 'from the VM' },
      {
        from: 'external-gw',
        packet: { src: '192.169.100.1', dst: '192.169.100.3', proto: 'icmp' as const, icmpId: 9 },
        label: 'to the gateway',
      },
    ];
    const d = behaviouralDiff(compileSnapshot(base), compileSnapshot(withoutVm), flows);
    assert.deepEqual(d.totals, { flows: 2, unchanged: 1, changed: 1 });
    const [group] = d.groups;
    assert.equal(group.cause.kind, 'error');
    assert.equal(group.cause.description, 'the flow cannot be traced in the target snapshot');
    assert.match(group.cause.target ?? '', /^UNKNOWN_HOST: .*vm-13-13-0-4/);
    assert.equal(group.cause.base, undefined);
    const [flow] = group.flows;
    assert.equal(flow.label, 'from the VM');
    assert.ok(!isFlowError(flow.base) && flow.base.disposition === 'DELIVERED');
    assert.ok(isFlowError(flow.target) && flow.target.error === 'UNKNOWN_HOST');
  });

  it('the same error on both sides is no change; different errors are', () => {
    const bad = { from: 'external-gw', packet: { src: '192.169.100.1', dst: 'not-an-address', proto: 'icmp' as const } };
    const missing = { from: 'vm-13-13-0-4:eth7', packet: { src: '13.13.0.9', dst: '13.13.0.4', proto: 'icmp' as const } };
    const d = behaviouralDiff(compileSnapshot(base), compileSnapshot(withoutVm), [bad, missing]);
    assert.deepEqual(d.totals, { flows: 2, unchanged: 1, changed: 1 });
    const [flow] = d.groups[0].flows;
    assert.equal(flow.index, 1);
    assert.ok(isFlowError(flow.base) && isFlowError(flow.target));
    assert.notEqual(flow.base.message, flow.target.message);
    assert.equal(d.groups[0].cause.description, 'the flow cannot be traced in both snapshots');
  });
});
