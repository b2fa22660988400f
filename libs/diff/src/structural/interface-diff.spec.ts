import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { modelFromText } from '../testing/models';
import { structuralDiff } from './structural-diff';

const link = (index: number, name: string, mtu: number, flags: string, extra = ''): string[] => [
  `${index}: ${name}: <${flags}> mtu ${mtu} qdisc noqueue state UP group default qlen 1000${extra}`,
  `    link/ether 02:00:00:00:00:0${index} brd ff:ff:ff:ff:ff:ff`,
];
const addr = (cidr: string, name: string, secondary = false): string[] => [
  `    inet ${cidr} scope global ${secondary ? 'secondary ' : ''}${name}`,
  '       valid_lft forever preferred_lft forever',
];
const node = (lines: string[]) => modelFromText({ node: { 'ip-addr.txt': `${lines.join('\n')}\n` } });

describe('structural diff: interfaces and addresses', () => {
  it('a secondary address (an EIP) appears, the MTU changes, an interface goes away with its addresses', () => {
    const base = node([
      ...link(2, 'net1', 1500, 'BROADCAST,MULTICAST,UP,LOWER_UP'),
      ...addr('192.169.100.3/24', 'net1'),
      ...link(3, 'eth9', 1500, 'BROADCAST,MULTICAST,UP,LOWER_UP'),
      ...addr('10.9.9.9/24', 'eth9'),
    ]);
    const target = node([
      ...link(2, 'net1', 1400, 'BROADCAST,MULTICAST,UP,LOWER_UP'),
      ...addr('192.169.100.3/24', 'net1'),
      ...addr('192.169.100.2/24', 'net1', true),
    ]);
    const d = structuralDiff(base, target);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.iface, c.place.field ?? c.place.key ?? null, c.before ?? null, c.after ?? null]),
      [
        ['interface.removed', 'eth9', null, '3: eth9 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 ether', null],
        ['address.removed', 'eth9', '10.9.9.9/24', 'inet 10.9.9.9/24 scope global', null],
        ['interface.changed', 'net1', 'mtu', '1500', '1400'],
        ['address.added', 'net1', '192.169.100.2/24', null, 'inet 192.169.100.2/24 scope global secondary'],
      ],
    );
  });

  it('a link set down is a state change', () => {
    const d = structuralDiff(
      node(link(2, 'eth0', 1500, 'BROADCAST,MULTICAST,UP,LOWER_UP')),
      node(link(2, 'eth0', 1500, 'BROADCAST,MULTICAST')),
    );
    assert.deepEqual(
      d.changes.map((c) => [c.place.field, c.before, c.after]),
      [
        ['state', 'UP', 'DOWN'],
        ['flags', 'BROADCAST,LOWER_UP,MULTICAST,UP', 'BROADCAST,MULTICAST'],
      ],
    );
  });
});
