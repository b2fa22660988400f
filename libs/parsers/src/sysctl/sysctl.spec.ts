import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseSysctl } from './index';

runGoldens('sysctl', parseSysctl);

test('sysctl: key=value, empty values, procps 3.3 stderr lines', () => {
  const content = [
    'net.ipv4.ip_forward=1',
    'net.ipv4.conf.all.rp_filter = 2',
    'net.ipv4.ip_local_reserved_ports =',
    'sysctl: reading key "net.ipv6.conf.all.stable_secret"',
    '',
  ].join('\n');
  assert.deepEqual(parseSysctl(content, 'sysctl.txt'), {
    value: { 'net.ipv4.ip_forward': '1', 'net.ipv4.conf.all.rp_filter': '2', 'net.ipv4.ip_local_reserved_ports': '' },
    errors: [],
  });
});
