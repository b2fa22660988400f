import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseOvnMatch, parseOvnMatchLines } from './index';

// Fixtures: kube-ovn-*.out hold the matches kube-ovn builds (pkg/ovs/ovn-nb-acl.go, pkg/controller),
// ovn-tests-valid.out the valid inputs of OVN 23.03's own parser tests, errors.out matches northd
// rejects. One match per line; the JSON is the tree, or the error with its column.
runGoldens('ovn-match', parseOvnMatchLines);

// The error cases of OVN 23.03 tests/ovn.at ("expression parser", "expression annotation") with
// the message ovstest test-ovn parse-expr prints; cases that depend on the test's own address sets
// are left out (the parser does not know which address sets exist).
const OVN_AT_ERRORS: ReadonlyArray<readonly [string, string]> = [
  ['ip4.src == "eth0"', 'Integer field ip4.src is not compatible with string constant.'],
  ['inport == 1', 'String field inport is not compatible with integer constant.'],
  ['ip4.src = 1.2.3.4', "Syntax error at `=' expecting relational operator."],
  ['ip4.src > {1, 2, 3}', 'Only == and != operators may be used with value sets.'],
  ['eth.type > 0x800', 'Only == and != operators may be used with nominal field eth.type.'],
  ['vlan.present > 0', 'Only == and != operators may be used with Boolean field vlan.present.'],
  ['inport != "eth0"', "Nominal field inport may only be tested for equality (taking enclosing `!' operators into account)."],
  ['!(inport == "eth0")', "Nominal field inport may only be tested for equality (taking enclosing `!' operators into account)."],
  ['eth.type != 0x800', "Nominal field eth.type may only be tested for equality (taking enclosing `!' operators into account)."],
  ['!(eth.type == 0x800)', "Nominal field eth.type may only be tested for equality (taking enclosing `!' operators into account)."],
  ['inport = "eth0"', "Syntax error at `=' expecting relational operator."],
  ['123 == 123', "Syntax error at `123' expecting field name."],
  ['123 == xyzzy', "Syntax error at `xyzzy' expecting field name."],
  ['xyzzy == 1', "Syntax error at `xyzzy' expecting field name."],
  ['inport[1] == 1', 'Cannot select subfield of string field inport.'],
  ['eth.type[] == 1', "Syntax error at `]' expecting small integer."],
  ['eth.type[::1] == 1', "Syntax error at `::1' expecting small integer."],
  ['eth.type[18446744073709551615] == 1', "Syntax error at `18446744073709551615' expecting small integer."],
  ['eth.type[5!]', "Syntax error at `!' expecting `]'."],
  ['eth.type[5..1]', 'Invalid bit range 5 to 1.'],
  ['eth.type[12..16]', 'Cannot select bits 12 to 16 of 16-bit field eth.type.'],
  ['eth.type[10] == 1', 'Cannot select subfield of nominal field eth.type.'],
  ['eth.type', "Explicit `!= 0' is required for inequality test of multibit field against 0."],
  ['!(!(vlan.pcp))', "Explicit `!= 0' is required for inequality test of multibit field against 0."],
  ['123', 'Syntax error at end of input expecting relational operator.'],
  ['123 x', "Syntax error at `x' expecting relational operator."],
  ['{1, "eth0"}', 'Syntax error at `"eth0"\' expecting integer.'],
  ['eth.type == xyzzy', "Syntax error at `xyzzy' expecting constant."],
  ['(1 x)', "Syntax error at `x' expecting `)'."],
  ['!0x800 != eth.type', 'Missing parentheses around operand of !.'],
  ['eth.type == 0x800 || eth.type == 0x86dd && ip.proto == 17', '&& and || must be parenthesized when used together.'],
  ['eth.dst == {}', "Syntax error at `}' expecting constant."],
  [
    'eth.src > 00:00:00:00:11:11/00:00:00:00:ff:ff',
    'Only == and != operators may be used with masked constants.  Consider using subfields instead (e.g. eth.src[0..15] > 0x1111 in place of eth.src > 00:00:00:00:11:11/00:00:00:00:ff:ff).',
  ],
  ['ip4.src == ::1', '128-bit constant is not compatible with 32-bit field ip4.src.'],
  [
    '1 == eth.type == 2',
    "Range expressions must have the form `x < field < y' or `x > field > y', with each `<' optionally replaced by `<=' or `>' by `>=').",
  ],
  ['eth.dst[40] x', "Syntax error at `x' expecting end of input."],
  ['ip > 0', 'Only == and != operators may be used with nominal field ip.'],
  ['!ip', "Nominal predicate ip may only be tested positively, e.g. `ip' or `ip == 1' but not `!ip' or `ip == 0'."],
  ['ip == 0', "Nominal predicate ip may only be tested positively, e.g. `ip' or `ip == 1' but not `!ip' or `ip == 0'."],
];

test("ovn-match: every error case of OVN's parser tests gives OVN's message", () => {
  for (const [input, message] of OVN_AT_ERRORS) {
    const r = parseOvnMatch(input);
    assert.ok('error' in r, `${input} should not parse`);
    assert.equal(r.error, message, input);
  }
});

test('ovn-match: parentheses nest up to 100 deep, not 101', () => {
  assert.deepEqual(parseOvnMatch(`${'('.repeat(100)}0${')'.repeat(100)}`), { expr: { kind: 'boolean', value: false } });
  assert.deepEqual(parseOvnMatch(`${'('.repeat(101)}0${')'.repeat(101)}`), { error: 'Parentheses nested too deeply.', offset: 100 });
});

test('ovn-match: the offset points at the token where reading stopped', () => {
  assert.deepEqual(parseOvnMatch('ip4 && tcp || udp'), { error: '&& and || must be parenthesized when used together.', offset: 11 });
  assert.deepEqual(parseOvnMatch('(ip4'), { error: "Syntax error at end of input expecting `)'.", offset: 4 });
  assert.deepEqual(parseOvnMatch('ip4.src == 10.0.0.1 x'), { error: "Syntax error at `x' expecting end of input.", offset: 20 });
});

test('ovn-match: masks, prefixes and formats', () => {
  assert.deepEqual(parseOvnMatch('ct_mark == 0x10/0x10'), {
    expr: {
      kind: 'cmp',
      field: { name: 'ct_mark' },
      op: '==',
      values: [{ kind: 'integer', format: 'hex', value: '16', mask: '16' }],
      braces: false,
    },
  });
  assert.deepEqual(parseOvnMatch('ip4.dst == 10.16.0.0/16'), {
    expr: {
      kind: 'cmp',
      field: { name: 'ip4.dst' },
      op: '==',
      values: [{ kind: 'ipv4', address: '10.16.0.0', prefixLength: 16 }],
      braces: false,
    },
  });
  assert.deepEqual(parseOvnMatch('ip4.src == 10.0.0.0/0xff'), { error: 'Value and mask have incompatible formats.', offset: 11 });
});
