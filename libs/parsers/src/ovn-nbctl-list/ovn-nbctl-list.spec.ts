import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseOvnNbctlList, parseOvsdbValue } from './index';

// Fixtures: `ovn-nbctl list <Table>` (OVN 23.03) captured from northbound databases rebuilt with the
// examples' capture.sh (seed 002), plus the seed's own `ovn-nbctl find NAT type=dnat_and_snat`.
// error-*.out are captured files with lines damaged on purpose.
runGoldens('ovn-nbctl-list', parseOvnNbctlList);

test('ovn-nbctl-list: quoted strings keep escapes, maps and sets split on ", "', () => {
  assert.deepEqual(parseOvsdbValue('{"172.19.0.10:8080"="192.168.0.3:80,192.168.0.4:80", a=b}'), {
    kind: 'map',
    entries: { '172.19.0.10:8080': '192.168.0.3:80,192.168.0.4:80', a: 'b' },
  });
  assert.deepEqual(parseOvsdbValue('"ip4.dst == \\"x\\""'), { kind: 'atom', value: 'ip4.dst == "x"' });
  assert.deepEqual(parseOvsdbValue('[]'), { kind: 'set', items: [] });
  assert.deepEqual(parseOvsdbValue('[a, "b c"]'), { kind: 'set', items: ['a', 'b c'] });
});

test('ovn-nbctl-list: an empty table prints nothing', () => {
  assert.deepEqual(parseOvnNbctlList('', 'nb-ACL.txt'), { value: [], errors: [] });
});
