import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseIpvsadm } from './index';

// IPVS is not available in the kernel the other fixtures were captured on, so apart from
// seed-004-grep-excerpt.out (copied verbatim from seed 004) the fixtures in fixtures/ipvsadm/ are NOT
// captured output: they were written from ipvsadm 1.31's ipvsadm.c (print_title, print_service_entry,
// print_tunnel_rule, list_all), using its exact format strings ("%-4s %s" for the service,
// "  -> %-28s %-7s %-6d %-10u %-10u" for a real server, "-A %s -s %s", "-a %s -r %s %s -w %d") and its
// sort order (ipvs_cmp_services: fwmark, family, protocol, address, port). error-*.out are those
// files with lines damaged on purpose.
runGoldens('ipvsadm', parseIpvsadm);

test('ipvsadm: -a defaults and long options', () => {
  const content = [
    '-A --tcp-service 10.0.0.1:80 --scheduler rr --persistent',
    '-a --tcp-service 10.0.0.1:80 --real-server 10.0.1.1:8080',
    '-a -t 10.0.0.1:80 -r 10.0.1.2:8080 --masquerading --weight 3',
    '',
  ].join('\n');
  const { value, errors } = parseIpvsadm(content, 'ipvsadm.txt');
  assert.deepEqual(errors, []);
  assert.deepEqual(value[0].persistent, { timeout: 300 });
  assert.deepEqual(value[0].realServers, [
    { address: '10.0.1.1', port: 8080, forward: 'route', weight: 1 },
    { address: '10.0.1.2', port: 8080, forward: 'masq', weight: 3 },
  ]);
});

test('ipvsadm: a real server without its service', () => {
  const { errors } = parseIpvsadm('  -> 10.0.1.1:80  Masq  1  0  0\n', 'ipvsadm.txt');
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.message]),
    [[1, 3, 'real server before any virtual service']],
  );
});
