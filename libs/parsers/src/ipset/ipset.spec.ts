import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseIpset } from './index';

runGoldens('ipset-save', parseIpset);
runGoldens('ipset-list', parseIpset);

// hash:mac and hash:ip,mark cannot be created in the capture kernel; these lines follow libipset's
// print code (ipset_print_ether: upper-case `%02X:`; ipset_print_mark: `0x%08x`).
test('ipset: hash:mac and hash:ip,mark elements', () => {
  const content = [
    'create hpm-mac hash:mac hashsize 1024 maxelem 65536 bucketsize 12 initval 0x4e1cb0f1',
    'add hpm-mac AA:BB:CC:DD:EE:FF',
    'create hpm-mark hash:ip,mark family inet markmask 0x000000ff hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1f2e3d4c',
    'add hpm-mark 10.0.0.9,0x00000042',
    '',
  ].join('\n');
  const { value, errors } = parseIpset(content, 'ipset.txt');
  assert.deepEqual(errors, []);
  assert.deepEqual(value[0].members[0].parts, [{ kind: 'mac', mac: 'aa:bb:cc:dd:ee:ff' }]);
  assert.deepEqual(value[1].options.markmask, '0x000000ff');
  assert.deepEqual(value[1].members[0].parts, [
    { kind: 'net', cidr: '10.0.0.9/32' },
    { kind: 'mark', value: 0x42 },
  ]);
});

test('ipset: an element range and an add before create', () => {
  const content = ['add early 10.0.0.1', 'create r hash:net family inet', 'add r 10.9.0.1-10.9.0.20', ''].join('\n');
  const { value, errors } = parseIpset(content, 'ipset.txt');
  assert.deepEqual(value[0].members[0].parts, [{ kind: 'range', from: '10.9.0.1', to: '10.9.0.20' }]);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].line, 1);
  assert.equal(errors[0].column, 5);
});

test('ipset: text that is neither format', () => {
  const { value, errors } = parseIpset('\nhello\n', 'ipset.txt');
  assert.deepEqual(value, []);
  assert.deepEqual([errors[0].line, errors[0].column], [2, 1]);
});
