import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { OvnMatchExpr } from '@hookpath/model';
import { parseOvnMatch, parseOvnMatchLines } from '@hookpath/parsers';
import { evaluateMatch, matchText, type OvnMatchEnv, type OvnMatchResult } from './index';

const FIXTURES = resolve(__dirname, '../../../../parsers/fixtures/ovn-match');

type Fields = Record<string, bigint | string | boolean>;

function env(
  fields: Fields,
  sets: Record<string, string[]> = {},
  groups: Record<string, string[]> = {},
  resident?: Record<string, boolean>,
): OvnMatchEnv {
  return {
    field: (name) => fields[name],
    addressSet: (name) => sets[name],
    portGroup: (name) => groups[name],
    ...(resident ? { chassisResident: (port: string) => resident[port] } : {}),
  };
}

function expr(text: string): OvnMatchExpr {
  const r = parseOvnMatch(text);
  if ('error' in r) throw new Error(`${text}: ${r.error}`);
  return r.expr;
}

const TCP: Fields = {
  inport: 'pod1.ns1',
  outport: 'pod2.ns1',
  'eth.src': '00:00:00:00:00:01',
  'eth.dst': '00:00:00:00:00:02',
  'eth.type': 0x800n,
  'ip4.src': '10.16.0.5',
  'ip4.dst': '10.16.0.9',
  'ip.proto': 6n,
  'ip.ttl': 64n,
  'tcp.src': 40000n,
  'tcp.dst': 80n,
  'ct.trk': true,
  'ct.new': true,
  'ct.est': false,
  'ct.rel': false,
  'ct.rpl': false,
  'ct.inv': false,
  ct_mark: 0x12n,
  ct_label: 1n,
  flags: 1n,
};
const UDP: Fields = { ...TCP, 'ip.proto': 17n, 'udp.src': 40000n, 'udp.dst': 53n, 'tcp.src': 0n, 'tcp.dst': 0n };
const ICMP: Fields = { ...TCP, 'ip.proto': 1n, 'icmp4.type': 8n, 'icmp4.code': 0n };

function check(text: string, fields: Fields, expected: OvnMatchResult, e: OvnMatchEnv = env(fields)): void {
  assert.deepEqual(evaluateMatch(expr(text), e), expected, text);
}

const T = { value: true };
const F = { value: false };

test('ovn match: comparison operators on integers, both orientations and ranges', () => {
  check('tcp.dst == 80', TCP, T);
  check('tcp.dst != 80', TCP, F);
  check('tcp.dst < 81', TCP, T);
  check('tcp.dst <= 79', TCP, F);
  check('tcp.dst > 79', TCP, T);
  check('tcp.dst >= 81', TCP, F);
  check('80 == tcp.dst', TCP, T);
  check('81 > tcp.dst', TCP, T);
  check('80 <= tcp.dst <= 90', TCP, T);
  check('81 <= tcp.dst <= 90', TCP, F);
  check('100 > tcp.dst > 79', TCP, T);
  check('tcp.dst >= 1000 && tcp.dst <= 2000', TCP, F);
  check('ip.ttl == 64 && icmp4.type == 8', ICMP, T);
});

test('ovn match: and, or, not, constants; && with || needs parentheses', () => {
  check('1', TCP, T);
  check('0', TCP, F);
  check('!0', TCP, T);
  check('ip4 && tcp', TCP, T);
  check('udp || tcp', TCP, T);
  check('udp || icmp4', TCP, F);
  check('!(tcp.dst == 80 && ip4.src == 10.16.0.5)', TCP, F);
  check('(tcp.dst == 443 && ip4) || ct.new', TCP, T);
  check('!(ct.est) || ct.rpl', TCP, T);
  check('ct.est || ct.rpl', TCP, F);
});

test('ovn match: sets are any-of for ==, none-of for !=', () => {
  check('tcp.dst == {80, 443}', TCP, T);
  check('tcp.dst == {22, 443}', TCP, F);
  check('tcp.dst != {22, 443}', TCP, T);
  check('tcp.dst != {80, 443}', TCP, F);
  check('ip4.dst == {10.0.0.1, 10.16.0.0/24}', TCP, T);
  check('inport == {"pod1.ns1", "pod3.ns1"}', TCP, T);
});

test('ovn match: prefixes, dotted masks, integer masks, MACs and subfields', () => {
  check('ip4.src == 10.16.0.0/16', TCP, T);
  check('ip4.src == 10.17.0.0/16', TCP, F);
  check('ip4.src == 10.0.0.5/255.0.255.255', TCP, T);
  check('ct_mark == 0x10/0x10', TCP, T);
  check('ct_mark == 0x1/0x1', TCP, F);
  check('eth.src == 00:00:00:00:00:01', TCP, T);
  check('eth.dst == 00:00:00:00:00:00/ff:ff:ff:00:00:00', TCP, T);
  check('eth.bcast', TCP, F);
  check('eth.bcast == 0', TCP, T);
  check('ct_mark[4] == 1', TCP, T);
  check('ct_mark[0..3] == 2', TCP, T);
  check('ct_label.blocked == 1', TCP, T);
  check('ct_mark.blocked == 1', TCP, F);
  check('flags.loopback', TCP, T);
  check('reg0[0..3] == 1', { ...TCP, reg0: 0x21n }, T);
  check('reg1 == 7', { ...TCP, xxreg0: 7n << 64n }, T);
  check('ct.est', { ...TCP, 'ct.est': undefined as unknown as boolean, ct_state: 0b100010n }, T);
});

test('ovn match: prerequisites are ANDed outside negation', () => {
  check('tcp.dst == 80', UDP, F);
  check('!(tcp.dst == 80)', UDP, F);
  check('tcp.dst != 80', UDP, F);
  check('!(tcp.dst == 80)', TCP, F);
  check('!(tcp.dst == 22)', TCP, T);
  check('udp.dst == 53 || tcp.dst == 80', UDP, T);
  check('icmp4', ICMP, T);
  check('icmp', ICMP, T);
  check('icmp4.type == 8', TCP, F);
  check('ip4.src == 10.16.0.5', { ...TCP, 'eth.type': 0x806n }, F);
  check('ip6', TCP, F);
  check('ip6.src == fe80::/10', TCP, F);
  check('!(ip6.src == fe80::/10)', TCP, F);
  check('ip', TCP, T);
  check('ct.est', { ...TCP, 'ct.trk': false, 'ct.est': true }, F);
  check('!ct.est', { ...TCP, 'ct.trk': false }, F);
  // A field the packet does not have is never asked for when its prerequisite fails.
  check('tcp.dst == 80', { ...UDP, 'tcp.dst': undefined as unknown as bigint }, F);
});

test('ovn match: address sets and port groups', () => {
  const sets = { 'ns1.web.allow.ipv4': ['10.16.0.5', '10.16.1.0/24'], empty: [], except: ['10.16.0.5'] };
  const groups = { 'ovn.sg.sg1': ['pod2.ns1', 'pod4.ns1'] };
  const e = (f: Fields): OvnMatchEnv => env(f, sets, groups);
  check('ip4.src == $ns1.web.allow.ipv4 && tcp.dst == {80, 443}', TCP, T, e(TCP));
  check('ip4.src == $ns1.web.allow.ipv4 && ip4.src != $except', TCP, F, e(TCP));
  check('ip4.dst == {10.16.0.9, $ns1.web.allow.ipv4}', TCP, T, e(TCP));
  check('outport == @ovn.sg.sg1 && ip', TCP, T, e(TCP));
  check('inport == @ovn.sg.sg1 && ip', TCP, F, e(TCP));
  // An empty set is a constant, without the field's prerequisites.
  check('ip4.src == $empty', TCP, F, e(TCP));
  check('ip4.src != $empty', UDP, T, e(UDP));
  check('tcp.dst != $empty', UDP, T, e(UDP));
});

test('ovn match: what the environment cannot supply is unknown, unless the result is already decided', () => {
  check('ip4.src == $nowhere', TCP, { unknown: '$nowhere' });
  check('outport == @nowhere', TCP, { unknown: '@nowhere' });
  check('is_chassis_resident("cr-lrp")', TCP, { unknown: 'is_chassis_resident("cr-lrp")' });
  check('is_chassis_resident("cr-lrp")', TCP, T, env(TCP, {}, {}, { 'cr-lrp': true }));
  check('!is_chassis_resident("cr-lrp")', TCP, T, env(TCP, {}, {}, { 'cr-lrp': false }));
  check('pkt.mark == 1', TCP, { unknown: 'pkt.mark' });
  check('pkt.mark == 1 && udp', TCP, F);
  check('pkt.mark == 1 || tcp', TCP, T);
  check('tcp.dst == 80', { ...TCP, 'eth.type': undefined as unknown as bigint }, { unknown: 'eth.type' });
});

test('ovn match: matchText prints what parses back to the same tree', () => {
  for (const name of ['kube-ovn-acl', 'kube-ovn-policy', 'ovn-tests-valid']) {
    const file = join(FIXTURES, `${name}.out`);
    const { value, errors } = parseOvnMatchLines(readFileSync(file, 'utf8'), file);
    assert.deepEqual(errors, []);
    for (const line of value) {
      const printed = matchText(line.expr);
      assert.deepEqual(parseOvnMatch(printed), { expr: line.expr }, `${line.text} -> ${printed}`);
    }
  }
  assert.equal(
    matchText(expr('(ip4.src==10.0.0.0/255.255.0.0&&!(ct.est))||0x800==eth.type')),
    '(ip4.src == 10.0.0.0/255.255.0.0 && !ct.est) || 0x800 == eth.type',
  );
});
