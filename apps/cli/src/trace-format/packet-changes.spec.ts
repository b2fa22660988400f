import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { packetChanges } from './packet-changes';

test('packet changes: NAT and mark fields, not the TTL', () => {
  const before = { src: '10.0.0.1', dst: '10.0.0.2', sport: 1000, dport: 80, mark: '0x0', ttl: 64 };
  assert.deepEqual(packetChanges(before, { ...before, dst: '10.0.0.9', dport: 8080, mark: '0x4000', ttl: 63 }), [
    'dst 10.0.0.2→10.0.0.9',
    'dport 80→8080',
    'mark 0x0→0x4000',
  ]);
  assert.deepEqual(packetChanges(before, { ...before, ttl: 63 }), []);
});

test('packet changes: an ICMP error whose outer source and quoted destination are un-DNATed', () => {
  const inner = { proto: 'udp' as const, src: '10.1.0.2', dst: '10.2.0.2', sport: 46001, dport: 5353 };
  const before = { src: '10.2.0.2', dst: '10.1.0.2', sport: 0, dport: 0, mark: '0x0', ttl: 63, icmpType: 3, icmpCode: 3, inner };
  const after = { ...before, src: '10.9.9.9', inner: { ...inner, dst: '10.9.9.9', dport: 53 } };
  assert.deepEqual(packetChanges(before, after), ['src 10.2.0.2→10.9.9.9', 'quoted dst 10.2.0.2:5353→10.9.9.9:53']);
});
