import type { IptablesRule, SnapshotModel } from '@hookpath/model';

function rule(position: number, text: string, extra: Partial<IptablesRule> = {}): IptablesRule {
  return { position, text, line: 10 + position, matches: [], target: null, ...extra };
}

/**
 * A model that uses every field the store keeps: snapshot meta, topology, warnings, raw files, a
 * host with every capture (rules with counters, goto, no target, NAT targets; a table without
 * chains) and a host where nothing was captured.
 */
export function sampleModel(suffix = ''): SnapshotModel {
  return {
    meta: { name: `sample${suffix}`, cluster: 'lab', capturedAt: '2024-05-01T10:00:00Z', description: 'every field' },
    topology: {
      links: [
        [
          { host: 'node-1', iface: 'veth1' },
          { host: 'pod-a', iface: 'eth0' },
        ],
      ],
      segments: [{ name: 'lan', members: [{ host: 'node-1', iface: 'eth0' }] }],
    },
    rawOnly: ['ovn/nbctl-show.txt'],
    warnings: [{ file: 'notes.txt', line: 0, column: 0, message: 'not part of the snapshot layout; ignored', text: '' }],
    hosts: [
      {
        name: 'node-1',
        meta: { role: 'node', notes: 'control plane' },
        interfaces: [
          {
            ifindex: 2,
            name: 'eth0',
            kind: 'ether',
            mac: '52:54:00:12:34:56',
            mtu: 1500,
            flags: ['BROADCAST', 'UP', 'LOWER_UP'],
            operState: 'UP',
            addresses: [{ family: 'inet', address: '192.168.1.10', prefixLen: 24, scope: 'global', secondary: false, flags: [] }],
          },
        ],
        routes: [{ table: 'main', type: 'unicast', dst: 'default', gateway: '192.168.1.1', dev: 'eth0', flags: [], nexthops: [] }],
        rules: [{ priority: 0, not: false, from: 'all', to: 'all', l3mdev: false, action: 'lookup', table: 'local', detached: false }],
        sysctls: { 'net.ipv4.ip_forward': '1', 'net.ipv4.conf.all.rp_filter': '2' },
        iptables: {
          format: 'iptables-save',
          backend: 'nf_tables',
          version: 'v1.8.9',
          tables: [
            {
              name: 'nat',
              chains: [
                {
                  name: 'PREROUTING',
                  builtin: true,
                  policy: 'ACCEPT',
                  counters: { packets: 12, bytes: 9_007_199_254_740_000 },
                  rules: [rule(1, '-A PREROUTING -j KUBE-SERVICES', { target: { name: 'KUBE-SERVICES', kind: 'jump', options: [] } })],
                },
                {
                  name: 'KUBE-SERVICES',
                  builtin: false,
                  policy: null,
                  rules: [
                    rule(1, '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j DNAT --to-destination 192.168.1.10:6443', {
                      counters: { packets: 3, bytes: 180 },
                      matches: [
                        {
                          module: 'ip',
                          options: [
                            { name: 'destination', negated: false, values: ['10.96.0.1/32'] },
                            { name: 'protocol', negated: false, values: ['tcp'] },
                          ],
                        },
                        { module: 'tcp', options: [{ name: 'dport', negated: false, values: ['443'] }] },
                      ],
                      target: {
                        name: 'DNAT',
                        kind: 'jump',
                        options: [{ name: 'to-destination', negated: false, values: ['192.168.1.10:6443'] }],
                      },
                    }),
                    rule(2, '-A KUBE-SERVICES -g KUBE-MARK-MASQ', { target: { name: 'KUBE-MARK-MASQ', kind: 'goto', options: [] } }),
                    rule(3, '-A KUBE-SERVICES -m comment --comment "count only"', {
                      matches: [{ module: 'comment', options: [{ name: 'comment', negated: false, values: ['count only'] }] }],
                    }),
                    rule(4, '-A KUBE-SERVICES -p tcp -j REDIRECT --to-ports 15001', {
                      target: { name: 'REDIRECT', kind: 'jump', options: [{ name: 'to-ports', negated: false, values: ['15001'] }] },
                    }),
                  ],
                },
                { name: 'KUBE-MARK-MASQ', builtin: false, policy: null, rules: [] },
                {
                  name: 'POSTROUTING',
                  builtin: true,
                  policy: 'ACCEPT',
                  rules: [
                    rule(1, '-A POSTROUTING -s 10.244.0.0/16 ! -o cni0 -j MASQUERADE', {
                      matches: [
                        {
                          module: 'ip',
                          options: [
                            { name: 'source', negated: false, values: ['10.244.0.0/16'] },
                            { name: 'out-interface', negated: true, values: ['cni0'] },
                          ],
                        },
                      ],
                      target: { name: 'MASQUERADE', kind: 'jump', options: [] },
                    }),
                    rule(2, '-A POSTROUTING -s 10.0.0.5/32 -j SNAT --to-source 192.168.1.10', {
                      target: { name: 'SNAT', kind: 'jump', options: [{ name: 'to-source', negated: false, values: ['192.168.1.10'] }] },
                    }),
                  ],
                },
              ],
            },
            { name: 'raw', chains: [] },
            {
              name: 'filter',
              chains: [
                {
                  name: 'FORWARD',
                  builtin: true,
                  policy: 'DROP',
                  counters: { packets: 0, bytes: 0 },
                  rules: [
                    rule(1, '-A FORWARD -j ACCEPT', {
                      counters: { packets: 0, bytes: 0 },
                      target: { name: 'ACCEPT', kind: 'jump', options: [] },
                    }),
                  ],
                },
              ],
            },
          ],
        },
        ipsets: [
          {
            name: 'KUBE-LOOP-BACK',
            type: 'hash:ip,port,ip',
            family: 'inet',
            options: { hashsize: '1024', comment: true },
            members: [],
            line: 1,
          },
        ],
        conntrack: [],
        ipvs: [],
        fdb: [{ mac: '33:33:00:00:00:01', dev: 'eth0', flags: ['self'], state: 'permanent' }],
        neighbours: [{ dst: '192.168.1.1', dev: 'eth0', lladdr: '52:54:00:aa:bb:cc', state: ['REACHABLE'], router: true }],
        ovsInterfaces: [
          {
            name: 'veth1',
            type: '',
            ofport: 3,
            ifindex: 7,
            macInUse: '02:00:00:00:00:07',
            externalIds: { 'iface-id': 'pod-a.default', 'attached-mac': '02:00:00:00:00:07' },
            options: {},
            status: {},
            error: null,
          },
        ],
        files: ['hosts/node-1/iptables-save.txt', 'hosts/node-1/sysctl.txt', 'hosts/node-1/ovs-interfaces.json'],
      },
      {
        name: 'pod-a',
        meta: {},
        interfaces: null,
        routes: null,
        rules: null,
        sysctls: null,
        iptables: null,
        ipsets: null,
        conntrack: null,
        ipvs: null,
        fdb: null,
        neighbours: null,
        files: [],
      },
    ],
  };
}
