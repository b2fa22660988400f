import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sysctlKeyMatcher } from './sysctl-keys';

it('sysctlKeyMatcher: exact keys, and `*` for one dotted segment', () => {
  const matches = sysctlKeyMatcher(['net.ipv4.ip_forward', 'net.ipv4.conf.*.rp_filter']);
  assert.equal(matches('net.ipv4.ip_forward'), true);
  assert.equal(matches('net.ipv4.conf.eth0.rp_filter'), true);
  assert.equal(matches('net.ipv4.conf.eth0/100.rp_filter'), true, 'a VLAN interface (sysctl prints its dot as /)');
  assert.equal(matches('net.ipv4.conf.eth0.arp_filter'), false);
  assert.equal(matches('net.ipv4.conf.a.b.rp_filter'), false, '* is one segment');
  assert.equal(matches('net.ipv4.ip_forward_use_pmtu'), false);
  assert.equal(
    sysctlKeyMatcher(['net.ipv4.conf.(eth0|x).rp_filter'])('net.ipv4.conf.eth0.rp_filter'),
    false,
    'no regular expression syntax',
  );
  assert.equal(sysctlKeyMatcher([])('net.ipv4.ip_forward'), false);
});
