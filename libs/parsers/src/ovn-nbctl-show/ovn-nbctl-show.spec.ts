import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseOvnNbctlShow } from './index';

// Fixtures: the seed 002 `ovn-nbctl show` outputs (centralized and distributed clusters) and
// `ovn-nbctl show` (OVN 23.03) captured from rebuilt northbound databases (full.out by
// fixtures/ovn-nb-json/capture.sh); error-*.out is a captured file with lines damaged on purpose.
runGoldens('ovn-nbctl-show', parseOvnNbctlShow);

test('ovn-nbctl show: a container port has its parent and tag; a NAT row its external port range', () => {
  const show = parseOvnNbctlShow(
    [
      'switch 7ce9e553-fa25-40dc-ad45-638661d9971b (ovn-default)',
      '    port ctr-1.ns2',
      '        parent: vm-c.ns2',
      '        tag: 42',
      'router d4274e8d-0a19-4f7c-bd84-a3345b0a3c46 (ovn-cluster)',
      '    nat a15be2ae-d385-409b-a6e8-a313d86e405b',
      '        external ip: "172.19.0.14"',
      '        external port(s): "10000-20000"',
      '        logical ip: "10.16.1.0/24"',
      '        type: "snat"',
      '',
    ].join('\n'),
    'nbctl-show.txt',
  );
  assert.deepEqual(show.errors, []);
  assert.equal(show.value.switches[0]?.ports[0]?.parentName, 'vm-c.ns2');
  assert.equal(show.value.switches[0]?.ports[0]?.tag, 42);
  assert.equal(show.value.routers[0]?.nat[0]?.externalPortRange, '10000-20000');
});
