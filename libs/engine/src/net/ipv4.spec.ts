import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatIpv4, parseIpv4, parsePrefix, prefixContains } from './ipv4';

describe('ipv4', () => {
  it('parses and formats addresses', () => {
    assert.equal(parseIpv4('10.12.97.49'), 0x0a0c6131);
    assert.equal(formatIpv4(0x0a0c6131), '10.12.97.49');
    assert.equal(parseIpv4('255.255.255.255'), 0xffffffff);
    for (const bad of ['10.0.0', '10.0.0.256', '10.0.0.-1', 'a.b.c.d', '1.2.3.4.5', '']) assert.equal(parseIpv4(bad), null, bad);
  });

  it('parses prefixes and tests membership', () => {
    const p = parsePrefix('10.12.192.0/24');
    assert.deepEqual(p, { network: 0x0a0cc000, length: 24, mask: 0xffffff00 });
    if (p === null) return;
    assert.ok(prefixContains(p, parseIpv4('10.12.192.44') ?? 0));
    assert.ok(!prefixContains(p, parseIpv4('10.12.193.1') ?? 0));
    assert.deepEqual(parsePrefix('default'), { network: 0, length: 0, mask: 0 });
    assert.equal(parsePrefix('13.13.0.4')?.length, 32);
    assert.equal(parsePrefix('10.0.0.5/8')?.network, parseIpv4('10.0.0.0'));
    assert.equal(parsePrefix('10.0.0.0/255.0.255.0')?.mask, parseIpv4('255.0.255.0'));
    assert.equal(parsePrefix('10.0.0.0/33'), null);
  });
});
