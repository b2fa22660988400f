import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { NetInterface } from '@hookpath/model';
import { parseIpLinkJson } from '@hookpath/parsers';
import { parseNetnsListId, vethLinks } from './veth-links';

const iface = (ifindex: number, name: string, extra: Partial<NetInterface> = {}): NetInterface => ({
  ifindex,
  name,
  kind: 'veth',
  flags: [],
  addresses: [],
  ...extra,
});

describe('veth links between captured namespaces', () => {
  it('pairs each veth with its peer through the namespace ids, once, in a stable order', () => {
    // pod sees node as nsid 0, node sees pod as nsid 3 and router as nsid 1
    const links = vethLinks(
      [
        {
          host: 'pod',
          interfaces: [iface(1, 'lo', { kind: 'loopback' }), iface(2, 'eth0', { linkIndex: 7, linkNetnsId: 0 })],
          peers: new Map([[0, 'ns-node']]),
        },
        {
          host: 'node',
          interfaces: [
            iface(7, 'veth1', { linkIndex: 2, linkNetnsId: 3 }),
            iface(8, 'eth0', { linkIndex: 2, linkNetnsId: 1 }),
            iface(9, 'eth1', { linkIndex: 5, linkNetnsId: 2 }),
          ],
          peers: new Map([
            [1, 'ns-router'],
            [3, 'ns-pod'],
          ]),
        },
        { host: 'router', interfaces: [iface(2, 'eth0', { linkIndex: 8, linkNetnsId: 0 })], peers: new Map([[0, 'ns-node']]) },
      ],
      new Map([
        ['ns-pod', 'pod'],
        ['ns-node', 'node'],
        ['ns-router', 'router'],
      ]),
    );
    assert.deepEqual(links, [
      [
        { host: 'node', iface: 'eth0' },
        { host: 'router', iface: 'eth0' },
      ],
      [
        { host: 'node', iface: 'veth1' },
        { host: 'pod', iface: 'eth0' },
      ],
    ]);
  });

  it('leaves out veths whose peer is in a namespace that was not captured, or in the same one', () => {
    const links = vethLinks(
      [
        {
          host: 'a',
          interfaces: [
            iface(2, 'eth0', { linkIndex: 4, linkNetnsId: 0 }),
            iface(3, 'v0', { linkIndex: 4 }),
            iface(4, 'v1', { linkIndex: 3 }),
          ],
          peers: new Map([[0, 'elsewhere']]),
        },
      ],
      new Map([['ns-a', 'a']]),
    );
    assert.deepEqual(links, []);
  });

  it('reads `ip -j netns list-id`, with and without names', () => {
    assert.deepEqual([...parseNetnsListId('[{"nsid":0,"name":"hpcf-x2"},{"nsid":1}]')], [[0, 'hpcf-x2']]);
    assert.deepEqual([...parseNetnsListId('')], []);
  });

  it('uses link_index and link_netnsid of real `ip -j -d link show` output', () => {
    // captured here: `ip -n hpcf-x1 -j -d link show eth0` for a veth whose peer is in hpcf-x2
    const json =
      '[{"ifindex":2,"link_index":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST"],"mtu":1500,"qdisc":"noop","operstate":"DOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"9e:b4:7e:af:1e:74","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"promiscuity":0,"allmulti":0,"min_mtu":68,"max_mtu":65535,"linkinfo":{"info_kind":"veth"},"inet6_addr_gen_mode":"eui64","num_tx_queues":2,"num_rx_queues":2,"gso_max_size":65536,"gso_max_segs":65535,"tso_max_size":524280,"tso_max_segs":65535,"gro_max_size":65536}]';
    const parsed = parseIpLinkJson(json, 'ip-link.json');
    assert.deepEqual(parsed.errors, []);
    const links = vethLinks(
      [
        { host: 'x1', interfaces: parsed.value, peers: new Map([[0, 'hpcf-x2']]) },
        { host: 'x2', interfaces: [iface(2, 'p1', { linkIndex: 2, linkNetnsId: 0 })], peers: new Map([[0, 'hpcf-x1']]) },
      ],
      new Map([
        ['hpcf-x1', 'x1'],
        ['hpcf-x2', 'x2'],
      ]),
    );
    assert.deepEqual(links, [
      [
        { host: 'x1', iface: 'eth0' },
        { host: 'x2', iface: 'p1' },
      ],
    ]);
  });
});
