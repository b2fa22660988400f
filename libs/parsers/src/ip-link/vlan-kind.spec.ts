import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseIpLinkJson, parseIpLinkText } from './index';

// The capture kernel has no 802.1Q support, so there is no VLAN golden: these inputs follow the
// print format of iproute2's ip/iplink_vlan.c (`vlan protocol %s id %u <FLAGS>` / info_data).

const TEXT = [
  '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000',
  '    link/ether 52:54:00:bb:f5:77 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 9216 ',
  '3: eth0.200@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
  '    link/ether 52:54:00:bb:f5:77 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 0 maxmtu 65535 ',
  '    vlan protocol 802.1Q id 200 <REORDER_HDR> numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ',
  '',
].join('\n');

const JSON_OUTPUT = JSON.stringify([
  {
    ifindex: 2,
    ifname: 'eth0',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    operstate: 'UP',
    link_type: 'ether',
    address: '52:54:00:bb:f5:77',
  },
  {
    ifindex: 3,
    link: 'eth0',
    ifname: 'eth0.200',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    operstate: 'UP',
    link_type: 'ether',
    address: '52:54:00:bb:f5:77',
    linkinfo: { info_kind: 'vlan', info_data: { protocol: '802.1Q', id: 200, flags: ['REORDER_HDR'] } },
  },
]);

test('vlan: protocol, id and parent from the -d kind line', () => {
  const { value, errors } = parseIpLinkText(TEXT, 'ip-link.txt');
  assert.deepEqual(errors, []);
  const vlan = value[1];
  assert.equal(vlan?.kind, 'vlan');
  assert.equal(vlan?.vlanId, 200);
  assert.equal(vlan?.vlanProtocol, '802.1Q');
  assert.equal(vlan?.link, 'eth0');
  assert.equal(vlan?.linkIndex, 2);
});

test('vlan: JSON and text agree', () => {
  const json = parseIpLinkJson(JSON_OUTPUT, 'ip-link.json');
  assert.deepEqual(json.errors, []);
  assert.deepStrictEqual(parseIpLinkText(TEXT, 'ip-link.txt').value, json.value);
});

test('vlan: a bad id is reported at its column', () => {
  const broken = TEXT.replace('id 200', 'id x200');
  const { errors } = parseIpLinkText(broken, 'ip-link.txt');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.line, 5);
  assert.equal(errors[0]?.column, broken.split('\n')[4]?.indexOf('x200') + 1);
});
