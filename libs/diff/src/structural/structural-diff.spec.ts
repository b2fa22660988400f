import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EXAMPLES, loadExample } from '../testing/models';
import { structuralDiff } from './structural-diff';

describe('structuralDiff', () => {
  const names = readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it('every example read twice has no difference', () => {
    assert.ok(names.length >= 8);
    for (const name of names)
      assert.deepEqual(
        structuralDiff(loadExample(name), loadExample(name)),
        { hosts: { added: [], removed: [], changed: [] }, changes: [], nat: [] },
        name,
      );
  });

  it('a host present on one side is one change, not a list of its content', () => {
    const base = loadExample('000-vpc-nat-gw-eip');
    const target = structuredClone(base);
    target.hosts = target.hosts.filter((h) => h.name !== 'external-gw');
    const d = structuralDiff(base, target);
    assert.deepEqual(d.changes, [{ kind: 'host.removed', place: { host: 'external-gw' }, before: 'external-gw (external)' }]);
    assert.deepEqual(d.hosts, { added: [], removed: ['external-gw'], changed: [] });
    assert.deepEqual(structuralDiff(target, base).hosts.added, ['external-gw']);
  });

  it('is deterministic: the same inputs give the same JSON, whatever the order of hosts in the model', () => {
    const base = loadExample('004-eni-ipvs-rp-filter');
    const target = loadExample('003-br-netfilter');
    const reversed = structuredClone(target);
    reversed.hosts.reverse();
    assert.equal(JSON.stringify(structuralDiff(base, target)), JSON.stringify(structuralDiff(base, reversed)));
  });
});
