import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileSnapshot } from '@hookpath/engine';
import { structuralDiff } from '../structural/structural-diff';
import { loadExample } from '../testing/models';
import { behaviouralDiff } from './behavioural-diff';
import { isFlowError, type DiffFlow, type FlowResult } from './flow';

/**
 * Seed 000: the EIP 192.169.100.2 is bound to 13.13.0.4 while a ping (ICMP id 27281) runs.
 * examples/000-vpc-nat-gw-eip-before is the gateway before the binding, examples/000-vpc-nat-gw-eip after.
 */
const GW = 'vpc-nat-gw-eip-p7cs4r5y-0';
const DNAT_RULE = '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4';
const SNAT_RULE = '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2';
const before = loadExample('000-vpc-nat-gw-eip-before');
const after = loadExample('000-vpc-nat-gw-eip');
const ping = (icmpId: number, label: string): DiffFlow => ({
  from: 'vm-13-13-0-4',
  packet: { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId },
  roundTrip: true,
  label,
});
const RUNNING_PING = 27281;

const outcome = (r: FlowResult | undefined) => {
  assert.ok(r !== undefined && !isFlowError(r));
  return r;
};

describe('seed 000: binding the EIP, before -> after', () => {
  it('structurally, the binding is exactly the two EXCLUSIVE rules (the EIP address was already on net1)', () => {
    const d = structuralDiff(before, after);
    assert.deepEqual(d.changes, [
      {
        kind: 'iptables.rule.added',
        place: { host: GW, table: 'nat', chain: 'EXCLUSIVE_DNAT', position: { target: 1 }, line: { target: 15 } },
        after: DNAT_RULE,
      },
      {
        kind: 'iptables.rule.added',
        place: { host: GW, table: 'nat', chain: 'EXCLUSIVE_SNAT', position: { target: 1 }, line: { target: 16 } },
        after: SNAT_RULE,
      },
    ]);
    assert.deepEqual(d.hosts, { added: [], removed: [], changed: [GW] });
    assert.deepEqual(
      d.nat.map((c) => [c.kind, c.place.chain, c.after]),
      [
        ['nat.added', 'EXCLUSIVE_DNAT', 'DNAT -d 192.169.100.2/32 -> destination 13.13.0.4'],
        ['nat.added', 'EXCLUSIVE_SNAT', 'SNAT -s 13.13.0.4/32 -> source 192.169.100.2'],
      ],
    );
    assert.deepEqual(
      structuralDiff(after, before).changes.map((c) => [c.kind, c.before]),
      [
        ['iptables.rule.removed', DNAT_RULE],
        ['iptables.rule.removed', SNAT_RULE],
      ],
    );
  });

  it('a new ping changes (un-NATed and unanswered -> SNATed and answered), caused by the SNAT rule; the running ping does not', () => {
    const seen: [FlowResult, FlowResult][] = [];
    const d = behaviouralDiff(
      compileSnapshot(before),
      compileSnapshot(after),
      [ping(RUNNING_PING, 'running ping'), ping(4242, 'new ping')],
      { onFlow: (_i, b, t) => seen.push([b, t]) },
    );
    assert.deepEqual(d.totals, { flows: 2, unchanged: 1, changed: 1 });
    assert.equal(d.groups.length, 1);
    const [group] = d.groups;
    assert.deepEqual(group.cause, {
      kind: 'rule',
      host: GW,
      description: 'rule added: table nat, chain EXCLUSIVE_SNAT, position 1 (line 16)',
      target: SNAT_RULE,
    });
    assert.equal(group.count, 1);
    const [flow] = group.flows;
    assert.deepEqual([flow.index, flow.label, flow.changes], [1, 'new ping', ['disposition', 'path', 'translation']]);
    const base = outcome(flow.base);
    const target = outcome(flow.target);
    assert.deepEqual(
      [base.disposition, base.src, base.reply?.disposition, base.reply?.dropReason],
      ['DELIVERED', '13.13.0.4', 'DROPPED', 'NO_ROUTE'],
    );
    assert.deepEqual(
      [target.disposition, target.src, target.reply?.disposition, target.reply?.endHost],
      ['DELIVERED', '192.169.100.2', 'DELIVERED', 'vm-13-13-0-4'],
    );

    // The running ping ends the same on both sides: un-NATed, its echo reply without a route back.
    const [oldBase, oldTarget] = seen[0].map(outcome);
    for (const o of [oldBase, oldTarget])
      assert.deepEqual(
        [o.disposition, o.src, o.reply?.disposition, o.reply?.dropReason],
        ['DELIVERED', '13.13.0.4', 'DROPPED', 'NO_ROUTE'],
      );
    assert.equal(oldBase.path, oldTarget.path);
    // ... and after the binding the engine says why the new rules do not apply to it.
    assert.ok(oldTarget.diagnosis.includes('STALE_CONNTRACK_BYPASSES_NAT'));
    assert.ok(!oldBase.diagnosis.includes('STALE_CONNTRACK_BYPASSES_NAT'));
  });

  it('flows broken or fixed by the same rule form one group; the groups are sorted by size', () => {
    const inbound: DiffFlow = {
      from: 'external-gw',
      packet: { src: '192.169.100.1', dst: '192.169.100.2', proto: 'icmp', icmpId: 2 },
      label: 'to the EIP',
    };
    const d = behaviouralDiff(compileSnapshot(before), compileSnapshot(after), [
      inbound,
      ping(1, 'a'),
      ping(RUNNING_PING, 'running'),
      ping(2, 'b'),
    ]);
    assert.deepEqual(d.totals, { flows: 4, unchanged: 1, changed: 3 });
    assert.deepEqual(
      d.groups.map((g) => [g.cause.kind, g.cause.target, g.count, g.flows.map((f) => f.index)]),
      [
        ['rule', SNAT_RULE, 2, [1, 3]],
        ['rule', DNAT_RULE, 1, [0]],
      ],
    );
    const [toEip] = d.groups[1].flows;
    assert.deepEqual(toEip.changes, ['path', 'translation']);
    assert.deepEqual(
      [outcome(toEip.base).endHost, outcome(toEip.target).endHost, outcome(toEip.target).dst],
      [GW, 'vm-13-13-0-4', '13.13.0.4'],
    );
  });
});
