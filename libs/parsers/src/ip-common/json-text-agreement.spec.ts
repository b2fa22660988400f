import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { NetInterface, ParseResult } from '@hookpath/model';
import { mergeLinkDetails, parseIpAddrJson, parseIpAddrText } from '../ip-addr';
import { parseIpLinkJson, parseIpLinkText } from '../ip-link';
import { parseIpRouteJson, parseIpRouteText } from '../ip-route';
import { parseIpRuleJson, parseIpRuleText } from '../ip-rule';
import { FIXTURES_ROOT } from '../testing/golden';

// The JSON and text fixtures of each case were captured from the same namespace by capture-ip.sh.

function parseFixture<T>(command: string, name: string, parse: (content: string, file: string) => ParseResult<T>): T {
  const file = `${command}/${name}.out`;
  const result = parse(readFileSync(join(FIXTURES_ROOT, file), 'utf8'), file);
  assert.deepEqual(result.errors, [], `${file} parses without errors`);
  return JSON.parse(JSON.stringify(result.value)) as T;
}

/** A copy of each interface without the given fields. */
function without(interfaces: NetInterface[], keys: readonly (keyof NetInterface)[]): NetInterface[] {
  return interfaces.map((iface) => {
    const copy: Partial<NetInterface> = { ...iface };
    for (const key of keys) delete copy[key];
    return copy as NetInterface;
  });
}

/** Fields only `-d` prints: without it the text form cannot show them (and the kind reads `ether`). */
function withoutDetails(interfaces: NetInterface[]): NetInterface[] {
  return without(interfaces, ['kind', 'macvlanMode', 'vlanId', 'vlanProtocol', 'bridge', 'bridgePort']);
}

for (const ns of ['node', 'pod']) {
  test(`${ns}: ip -j -d addr and ip -d addr agree`, () => {
    const json = parseFixture('ip-addr-json', ns, parseIpAddrJson);
    assert.ok(json.length > 0);
    assert.deepStrictEqual(parseFixture('ip-addr-text', `${ns}-detailed`, parseIpAddrText), json);
  });

  test(`${ns}: ip -j -d addr and plain ip addr agree except for link details`, () => {
    const json = parseFixture('ip-addr-json', ns, parseIpAddrJson);
    const text = parseFixture('ip-addr-text', ns, parseIpAddrText);
    assert.deepStrictEqual(withoutDetails(text), withoutDetails(json));
  });

  test(`${ns}: ip -j -d link and ip -d link agree`, () => {
    const json = parseFixture('ip-link-json', ns, parseIpLinkJson);
    assert.ok(json.length > 0);
    assert.deepStrictEqual(parseFixture('ip-link-text', `${ns}-detailed`, parseIpLinkText), json);
  });

  test(`${ns}: ip -j -d link and plain ip link agree except for link details`, () => {
    const json = parseFixture('ip-link-json', ns, parseIpLinkJson);
    const text = parseFixture('ip-link-text', ns, parseIpLinkText);
    assert.deepStrictEqual(withoutDetails(text), withoutDetails(json));
  });

  test(`${ns}: ip -j route show table all and ip route show table all agree`, () => {
    const json = parseFixture('ip-route-json', ns, parseIpRouteJson);
    assert.ok(json.length > 0);
    assert.deepStrictEqual(parseFixture('ip-route-text', ns, parseIpRouteText), json);
  });

  test(`${ns}: ip -j rule show and ip rule show agree`, () => {
    const json = parseFixture('ip-rule-json', ns, parseIpRuleJson);
    assert.ok(json.length > 0);
    assert.deepStrictEqual(parseFixture('ip-rule-text', ns, parseIpRuleText), json);
  });
}

test('node: ip -j addr (no -d) and plain ip addr agree', () => {
  assert.deepStrictEqual(
    parseFixture('ip-addr-text', 'node', parseIpAddrText),
    parseFixture('ip-addr-json', 'node-no-details', parseIpAddrJson),
  );
});

test('node: IPv6 rules agree', () => {
  assert.deepStrictEqual(
    parseFixture('ip-rule-text', 'node-ipv6', parseIpRuleText),
    parseFixture('ip-rule-json', 'node-ipv6', parseIpRuleJson),
  );
});

test('pod: pretty-printed ip -j -p output parses like the compact form', () => {
  assert.deepStrictEqual(parseFixture('ip-rule-json', 'pod-pretty', parseIpRuleJson), parseFixture('ip-rule-text', 'pod', parseIpRuleText));
  assert.deepStrictEqual(
    parseFixture('ip-link-json', 'pod-pretty', parseIpLinkJson),
    parseFixture('ip-link-text', 'pod-detailed', parseIpLinkText),
  );
});

test('node: `link-netns NAME` text agrees with JSON except for the namespace id it cannot show', () => {
  const json = parseFixture('ip-addr-json', 'node', parseIpAddrJson);
  const text = parseFixture('ip-addr-text', 'node-named-netns', parseIpAddrText);
  const strip = (list: NetInterface[]): NetInterface[] => without(list, ['linkNetnsId']);
  assert.ok(json.some((iface) => iface.linkNetnsId !== undefined));
  assert.ok(text.every((iface) => iface.linkNetnsId === undefined));
  assert.deepStrictEqual(strip(text), strip(json));
});

test('node: plain ip addr merged with ip -j -d link equals ip -j -d addr', () => {
  const addr = parseFixture('ip-addr-text', 'node', parseIpAddrText);
  const link = parseFixture('ip-link-json', 'node', parseIpLinkJson);
  const merged = JSON.parse(JSON.stringify(mergeLinkDetails(addr, link))) as NetInterface[];
  assert.deepStrictEqual(merged, parseFixture('ip-addr-json', 'node', parseIpAddrJson));
});

test('mergeLinkDetails appends interfaces only the link capture lists', () => {
  const link = parseFixture('ip-link-json', 'node', parseIpLinkJson);
  const addr = parseFixture('ip-addr-json', 'node', parseIpAddrJson).slice(0, 2);
  const merged = mergeLinkDetails(addr, link);
  assert.deepEqual(
    merged.map((iface) => iface.ifindex),
    link.map((iface) => iface.ifindex),
  );
  assert.ok(merged.slice(2).every((iface) => iface.addresses.length === 0));
});
