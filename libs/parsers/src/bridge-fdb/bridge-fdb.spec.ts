import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseBridgeFdbJson } from './index';

runGoldens('bridge-fdb-json', parseBridgeFdbJson);

// The capture kernel has no VLAN filtering on bridges; iproute2 prints the VLAN as a number
// (`print_uint(PRINT_ANY, "vlan", "vlan %hu ", ...)`).
test('bridge-fdb: vlan and extern_learn entries', () => {
  const content = '[{"mac":"02:00:00:00:00:10","ifname":"eth1","vlan":10,"flags":["extern_learn","offload"],"master":"br0","state":""}]\n';
  assert.deepEqual(parseBridgeFdbJson(content, 'bridge-fdb.json'), {
    value: [{ mac: '02:00:00:00:00:10', dev: 'eth1', vlan: 10, flags: ['extern_learn', 'offload'], master: 'br0' }],
    errors: [],
  });
});

test('bridge-fdb: a field of the wrong type', () => {
  const { value, errors } = parseBridgeFdbJson('[{"mac":"02:00:00:00:00:10","ifname":"eth1","vlan":"ten","flags":[]}]', 'f.json');
  assert.equal(value.length, 1);
  assert.deepEqual(
    errors.map((e) => e.message),
    ['[0].vlan: expected a number, got "ten"'],
  );
});
