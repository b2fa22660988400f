import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { isCounterValue, parseBracketCounters } from './counters';
import { parseIptablesSave } from './parse-iptables-save';

test('counters: the kernel counts in 64 bits, a larger count is malformed', () => {
  assert.equal(isCounterValue('18446744073709551615'), true);
  assert.equal(isCounterValue('0018446744073709551615'), true);
  assert.equal(isCounterValue('18446744073709551616'), false);
  assert.equal(isCounterValue('99999999999999999999999'), false);
  assert.equal(isCounterValue(''), false);
  assert.deepEqual(parseBracketCounters('[9223372036854775808:0]'), { packets: 9223372036854775808, bytes: 0 });
  assert.equal(parseBracketCounters('[18446744073709551616:0]'), null);
});

test('counters: a chain or rule count past 2^64-1 is an error at its column', () => {
  const content = [
    '*filter',
    ':INPUT ACCEPT [18446744073709551616:0]',
    ':FORWARD ACCEPT [18446744073709551615:0]',
    '[0:99999999999999999999999] -A FORWARD -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n');
  const { errors } = parseIptablesSave(content, 'iptables-save.txt');
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.message]),
    [
      [2, 15, 'counters must look like [PACKETS:BYTES]'],
      [4, 1, 'counters must look like [PACKETS:BYTES]'],
    ],
  );
});
