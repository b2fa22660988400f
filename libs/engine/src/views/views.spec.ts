import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Host, IptablesChain, IptablesRule, SnapshotModel } from '@hookpath/model';
import { hookPaths } from './hook-paths';
import { natTable, ruleMatchText } from './nat-table';

const rule = (
  _chain: string,
  position: number,
  text: string,
  target: IptablesRule['target'],
  matches: IptablesRule['matches'] = [],
): IptablesRule => ({
  position,
  text,
  line: position,
  matches,
  target,
});
const chain = (name: string, builtin: boolean, rules: IptablesRule[] = []): IptablesChain => ({
  name,
  builtin,
  policy: builtin ? 'ACCEPT' : null,
  rules,
});

/** The gateway pod of seed 000: a nat table only, EIP bound. */
function gateway(): Host {
  return {
    name: 'gw',
    meta: {},
    interfaces: null,
    routes: null,
    rules: null,
    sysctls: null,
    ipsets: null,
    conntrack: null,
    ipvs: [{ protocol: 'tcp', address: '10.0.0.1', port: 80, scheduler: 'rr', flags: [], realServers: [], line: 2 }],
    fdb: null,
    neighbours: null,
    files: [],
    iptables: {
      format: 'iptables-S',
      tables: [
        {
          name: 'nat',
          chains: [
            chain('PREROUTING', true, [
              rule('PREROUTING', 1, '-A PREROUTING -j DNAT_FILTER', { name: 'DNAT_FILTER', kind: 'jump', options: [] }),
            ]),
            chain('INPUT', true),
            chain('OUTPUT', true),
            chain('POSTROUTING', true, [
              rule('POSTROUTING', 1, '-A POSTROUTING -j SNAT_FILTER', { name: 'SNAT_FILTER', kind: 'jump', options: [] }),
            ]),
            chain('EXCLUSIVE_DNAT', false, [
              rule(
                'EXCLUSIVE_DNAT',
                1,
                '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4',
                {
                  name: 'DNAT',
                  kind: 'jump',
                  options: [{ name: 'to-destination', negated: false, values: ['13.13.0.4'] }],
                },
                [{ module: 'ip', options: [{ name: 'destination', negated: false, values: ['192.169.100.2/32'] }] }],
              ),
            ]),
            chain('EXCLUSIVE_SNAT', false, [
              rule('EXCLUSIVE_SNAT', 1, '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2', {
                name: 'SNAT',
                kind: 'jump',
                options: [{ name: 'to-source', negated: false, values: ['192.169.100.2'] }],
              }),
            ]),
          ],
        },
      ],
    },
  };
}

describe('hookPaths', () => {
  it('orders every hook by priority and lists only registered tables', () => {
    const paths = hookPaths(gateway());
    assert.deepEqual(
      paths.map((p) => p.hook),
      ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
    );
    for (const p of paths) {
      const priorities = p.entries.map((e) => e.priority);
      assert.deepEqual(
        priorities,
        [...priorities].sort((a, b) => a - b),
        `${p.hook} ascending`,
      );
    }
    const pre = paths.find((p) => p.hook === 'PREROUTING');
    assert.deepEqual(
      pre?.entries.map((e) => [e.kind, e.table, e.priority]),
      [
        ['conntrack', null, -200],
        ['table', 'nat', -100],
      ],
    );
    const post = paths.find((p) => p.hook === 'POSTROUTING');
    assert.deepEqual(
      post?.entries.map((e) => [e.kind, e.table, e.priority]),
      [
        ['table', 'nat', 100],
        ['conntrack-confirm', null, 2147483647],
      ],
    );
    assert.equal(pre?.entries[1]?.chain, 'PREROUTING');
    assert.equal(pre?.entries[1]?.ruleCount, 1);
    assert.deepEqual(paths.find((p) => p.hook === 'FORWARD')?.entries, [], 'no filter table: nothing runs on FORWARD');
  });

  it('marks conntrack inactive when no rule needs it', () => {
    const host = gateway();
    const nat = host.iptables?.tables[0];
    if (nat) nat.chains = nat.chains.filter((c) => c.builtin);
    const pre = hookPaths(host).find((p) => p.hook === 'PREROUTING');
    assert.equal(pre?.entries.find((e) => e.kind === 'conntrack')?.active, false);
    assert.equal(hookPaths(gateway()).find((p) => p.hook === 'PREROUTING')?.entries[0]?.active, true);
  });
});

describe('natTable', () => {
  it('lists exactly the translations, with match and translation', () => {
    const model: SnapshotModel = { meta: {}, topology: { links: [], segments: [] }, hosts: [gateway()], rawOnly: [], warnings: [] };
    const table = natTable(model);
    assert.deepEqual(
      table.rules.map((r) => [r.kind, r.chain, r.position, r.match, r.translation]),
      [
        ['DNAT', 'EXCLUSIVE_DNAT', 1, '-d 192.169.100.2/32', 'destination 13.13.0.4'],
        ['SNAT', 'EXCLUSIVE_SNAT', 1, '-s 13.13.0.4/32', 'source 192.169.100.2'],
      ],
    );
    assert.equal(table.rules[0]?.targetOptions, '--to-destination 13.13.0.4');
    assert.equal(table.ipvs.length, 1);
  });

  it('reads the selectors between the chain and the target', () => {
    assert.equal(
      ruleMatchText(rule('X', 1, '-A X -m mark --mark 0x4000/0x4000 -j MASQUERADE --random-fully', null)),
      '-m mark --mark 0x4000/0x4000',
    );
    assert.equal(ruleMatchText(rule('X', 1, '-A X -s 10.0.0.0/8', null)), '-s 10.0.0.0/8');
    assert.equal(ruleMatchText(rule('X', 1, '-A X -g KUBE-SEP-1', null)), '');
  });
});
