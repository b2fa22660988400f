import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { iptablesSave, modelFromText } from '../testing/models';
import { structuralDiff } from './structural-diff';

const FILTER = { INPUT: 'ACCEPT', FORWARD: 'ACCEPT', OUTPUT: 'ACCEPT' };
const rules = [
  '-A FORWARD -s 10.0.0.1/32 -j ACCEPT',
  '-A FORWARD -s 10.0.0.2/32 -j ACCEPT',
  '-A FORWARD -s 10.0.0.3/32 -j ACCEPT',
  '-A FORWARD -s 10.0.0.4/32 -j ACCEPT',
];
const host = (save: string) => modelFromText({ node: { 'iptables-save.txt': save } });

describe('structural diff: iptables', () => {
  it('a rule inserted in the middle of a chain is one addition at its position and line', () => {
    const base = host(iptablesSave('filter', FILTER, rules));
    const inserted = [...rules.slice(0, 2), '-A FORWARD -p tcp -m tcp --dport 22 -j DROP', ...rules.slice(2)];
    const d = structuralDiff(base, host(iptablesSave('filter', FILTER, inserted)));
    assert.deepEqual(d.changes, [
      {
        kind: 'iptables.rule.added',
        place: { host: 'node', table: 'filter', chain: 'FORWARD', position: { target: 3 }, line: { target: 7 } },
        after: '-A FORWARD -p tcp -m tcp --dport 22 -j DROP',
      },
    ]);
    assert.deepEqual(d.hosts, { added: [], removed: [], changed: ['node'] });
  });

  it('a removed rule keeps its base position; a rewritten rule is a removal and an addition', () => {
    const target = [rules[0], '-A FORWARD -s 10.0.0.9/32 -j ACCEPT', rules[3]];
    const d = structuralDiff(host(iptablesSave('filter', FILTER, rules)), host(iptablesSave('filter', FILTER, target)));
    const summary = d.changes.map((c) => [c.kind, c.place.position?.base ?? c.place.position?.target, c.before ?? c.after]);
    assert.deepEqual(summary.sort(), [
      ['iptables.rule.added', 2, '-A FORWARD -s 10.0.0.9/32 -j ACCEPT'],
      ['iptables.rule.removed', 2, rules[1]],
      ['iptables.rule.removed', 3, rules[2]],
    ]);
  });

  it('policy changes, chains and tables added or removed', () => {
    const base = host(iptablesSave('filter', { ...FILTER, 'OLD-CHAIN': '-' }, ['-A OLD-CHAIN -j RETURN']));
    const target = host(
      iptablesSave('filter', { ...FILTER, FORWARD: 'DROP' }, []) +
        iptablesSave('nat', { PREROUTING: 'ACCEPT', POSTROUTING: 'ACCEPT' }, ['-A POSTROUTING -o eth0 -j MASQUERADE']),
    );
    const d = structuralDiff(base, target);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.table, c.place.chain ?? null, c.before ?? null, c.after ?? null]),
      [
        // tables in the model's order (raw, mangle, nat, filter, security), chains by name
        ['iptables.table.added', 'nat', null, null, '*nat (2 chains)'],
        ['iptables.chain.added', 'nat', 'POSTROUTING', null, '-P POSTROUTING ACCEPT (1 rule)'],
        ['iptables.rule.added', 'nat', 'POSTROUTING', null, '-A POSTROUTING -o eth0 -j MASQUERADE'],
        ['iptables.chain.added', 'nat', 'PREROUTING', null, '-P PREROUTING ACCEPT (0 rules)'],
        ['iptables.chain.policy-changed', 'filter', 'FORWARD', 'ACCEPT', 'DROP'],
        ['iptables.chain.removed', 'filter', 'OLD-CHAIN', '-N OLD-CHAIN (1 rule)', null],
        ['iptables.rule.removed', 'filter', 'OLD-CHAIN', '-A OLD-CHAIN -j RETURN', null],
      ],
    );
    assert.deepEqual(
      d.nat.map((c) => [c.kind, c.place.chain, c.after]),
      [['nat.added', 'POSTROUTING', 'MASQUERADE -o eth0 -> source: primary address of the egress interface']],
    );
  });

  it('an iptables capture missing on one side is reported before its rules', () => {
    const d = structuralDiff(
      modelFromText({ node: { 'sysctl.txt': 'net.ipv4.ip_forward = 1\n' } }),
      modelFromText({
        node: { 'sysctl.txt': 'net.ipv4.ip_forward = 1\n', 'iptables-save.txt': iptablesSave('filter', FILTER, [rules[0]]) },
      }),
    );
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.chain ?? null]),
      [
        ['capture.added', null],
        ['iptables.table.added', null],
        ['iptables.chain.added', 'FORWARD'],
        ['iptables.rule.added', 'FORWARD'],
        ['iptables.chain.added', 'INPUT'],
        ['iptables.chain.added', 'OUTPUT'],
      ],
    );
  });
});
