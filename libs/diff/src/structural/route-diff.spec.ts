import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { modelFromText } from '../testing/models';
import { structuralDiff } from './structural-diff';

const node = (routes: string[], rules: string[]) =>
  modelFromText({ node: { 'ip-route.txt': `${routes.join('\n')}\n`, 'ip-rule.txt': `${rules.join('\n')}\n` } });
const RULES = ['0:\tfrom all lookup local', '32766:\tfrom all lookup main', '32767:\tfrom all lookup default'];

describe('structural diff: routes and policy rules', () => {
  it('routes by table + type + prefix + metric: a new gateway is a change, other tables are separate', () => {
    const base = node(
      [
        'default via 10.0.0.1 dev eth0',
        '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5',
        'default via 10.1.0.1 dev eth1 table 1003',
      ],
      RULES,
    );
    const target = node(
      [
        'default via 10.0.0.254 dev eth0',
        '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5',
        '10.9.0.0/16 via 10.0.0.1 dev eth0 metric 100',
      ],
      RULES,
    );
    const d = structuralDiff(base, target);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.table, c.before ?? null, c.after ?? null]),
      [
        ['route.removed', '1003', 'default via 10.1.0.1 dev eth1', null],
        ['route.added', 'main', null, '10.9.0.0/16 via 10.0.0.1 dev eth0 metric 100'],
        ['route.changed', 'main', 'default via 10.0.0.1 dev eth0', 'default via 10.0.0.254 dev eth0'],
      ],
    );
  });

  it('ip rules by priority + selector: a new lookup table is a change, a new selector an addition', () => {
    const base = node([], [...RULES.slice(0, 1), '2000:\tfrom 10.12.192.44 lookup 1003', ...RULES.slice(1)]);
    const target = node(
      [],
      [...RULES.slice(0, 1), '1000:\tfrom all to 10.12.192.44 lookup main', '2000:\tfrom 10.12.192.44 lookup 1004', ...RULES.slice(1)],
    );
    const d = structuralDiff(base, target);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.key, c.before ?? null, c.after ?? null]),
      [
        ['ip-rule.added', '1000: from all to 10.12.192.44', null, '1000:\tfrom all to 10.12.192.44 lookup main'],
        ['ip-rule.changed', '2000: from 10.12.192.44', '2000:\tfrom 10.12.192.44 lookup 1003', '2000:\tfrom 10.12.192.44 lookup 1004'],
      ],
    );
  });
});
