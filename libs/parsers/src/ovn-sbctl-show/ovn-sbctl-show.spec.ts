import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseOvnSbctlShow } from './index';

// Fixtures: `ovn-sbctl show` (OVN 23.03) of the southbound database built by
// ../../fixtures/ovn-nb-json/capture.sh (chassis added with chassis-add, ports bound with lsp-bind
// and Port_Binding chassis=); error-damaged.out is that file with lines damaged on purpose.
runGoldens('ovn-sbctl-show', parseOvnSbctlShow);

test('ovn-sbctl show: a chassis named by UUID is quoted; an empty southbound prints nothing', () => {
  const result = parseOvnSbctlShow(
    'Chassis "2e3175b0-2129-4504-a333-0c4ac1f680d7"\n    hostname: "node 2"\n    Encap vxlan\n        ip: "10.0.0.2"\n',
    'sbctl-show.txt',
  );
  assert.deepEqual(result, {
    value: [{ name: '2e3175b0-2129-4504-a333-0c4ac1f680d7', hostname: 'node 2', encaps: ['vxlan 10.0.0.2'], ports: [] }],
    errors: [],
  });
  assert.deepEqual(parseOvnSbctlShow('', 'sbctl-show.txt'), { value: [], errors: [] });
});
