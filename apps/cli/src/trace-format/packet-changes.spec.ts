import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { packetChanges } from './packet-changes';

test('packet changes: NAT and mark fields, not the TTL', () => {
  const before = { src: '10.0.0.1', dst: '10.0.0.2', sport: 1000, dport: 80, mark: '0x0', ttl: 64 };
  assert.deepEqual(packetChanges(before, { ...before, dst: '10.0.0.9', dport: 8080, mark: '0x4000', ttl: 63 }), ['dst 10.0.0.2→10.0.0.9', 'dport 80→8080', 'mark 0x0→0x4000']);
  assert.deepEqual(packetChanges(before, { ...before, ttl: 63 }), []);
});
