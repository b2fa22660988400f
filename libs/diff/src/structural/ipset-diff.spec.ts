import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { modelFromText } from '../testing/models';
import { structuralDiff } from './structural-diff';

const node = (ipset: string) => modelFromText({ node: { 'ipset.txt': ipset } });

describe('structural diff: ipsets', () => {
  it('members added and removed, sets added and removed, type changed; the hash seed is not a change', () => {
    const base = node(
      [
        'create subnets hash:net family inet hashsize 1024 maxelem 65536 initval 0x11111111',
        'add subnets 10.16.0.0/16',
        'add subnets 10.0.11.0/24',
        'create gone hash:ip family inet hashsize 1024 maxelem 65536',
        'create svc hash:ip family inet hashsize 1024 maxelem 65536',
        '',
      ].join('\n'),
    );
    const target = node(
      [
        'create subnets hash:net family inet hashsize 1024 maxelem 65536 initval 0x22222222',
        'add subnets 10.16.0.0/16',
        'add subnets 10.17.0.0/16',
        'create svc hash:ip,port family inet hashsize 1024 maxelem 65536',
        'create fresh hash:net family inet hashsize 1024 maxelem 65536',
        'add fresh 1.2.3.0/24',
        '',
      ].join('\n'),
    );
    const d = structuralDiff(base, target);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.ipset, c.before ?? null, c.after ?? null]),
      [
        ['ipset.set.added', 'fresh', null, 'create fresh hash:net family inet hashsize 1024 maxelem 65536'],
        ['ipset.member.added', 'fresh', null, 'add fresh 1.2.3.0/24'],
        ['ipset.set.removed', 'gone', 'create gone hash:ip family inet hashsize 1024 maxelem 65536', null],
        ['ipset.member.removed', 'subnets', 'add subnets 10.0.11.0/24', null],
        ['ipset.member.added', 'subnets', null, 'add subnets 10.17.0.0/16'],
        ['ipset.type-changed', 'svc', 'hash:ip', 'hash:ip,port'],
      ],
    );
  });
});
