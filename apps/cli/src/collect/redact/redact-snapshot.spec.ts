import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../cli-error';
import { parseRedact } from './redact-request';
import { findNames, planRedaction, redactFiles, redactText } from './redact-snapshot';

/** A small collected snapshot: two nodes, a pod in namespace shop, kube-ovn's view of it, kube-proxy's comment. */
const FILES = new Map<string, string>([
  ['hosts/worker-1/meta.yaml', 'role: node\n'],
  ['hosts/worker-1/sysctl.txt', 'kernel.hostname = worker-1\nnet.ipv4.conf.default.rp_filter = 1\nnet.ipv4.ip_forward = 1\n'],
  [
    'hosts/worker-1/iptables-save.txt',
    '*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "shop/web:http cluster IP" -j KUBE-SVC-ABCDEF\nCOMMIT\n',
  ],
  ['hosts/worker-2.eu.internal/meta.yaml', 'role: node\n'],
  ['hosts/web-0.shop/meta.yaml', 'role: pod\nnode: "worker-1"\n'],
  ['hosts/web-0.shop/ip-addr.json', '[{"ifname":"eth0","addr_info":[{"local":"10.16.0.5","prefixlen":24}]}]'],
  ['topology.yaml', 'links:\n  - ["web-0.shop:eth0", "worker-1:veth1"]\nsegments: []\n'],
  [
    'k8s/nodes.json',
    JSON.stringify({
      items: [
        { kind: 'Node', metadata: { name: 'worker-1', labels: { 'kubernetes.io/hostname': 'worker-1' } } },
        { kind: 'Node', metadata: { name: 'worker-2.eu.internal' } },
        { kind: 'Node', metadata: { name: 'master' } },
      ],
    }),
  ],
  [
    'k8s/pod.shop.web-0.json',
    JSON.stringify({ kind: 'Pod', metadata: { name: 'web-0', namespace: 'shop' }, spec: { nodeName: 'worker-1' } }),
  ],
  [
    'k8s/endpointslices.json',
    JSON.stringify({
      items: [
        {
          metadata: { name: 'web-x7k2p', namespace: 'shop' },
          endpoints: [
            { addresses: ['10.16.0.6'], nodeName: 'worker-2.eu.internal', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'shop' } },
          ],
        },
      ],
    }),
  ],
  [
    'k8s/kubeovn-subnets.json',
    JSON.stringify({ items: [{ metadata: { name: 'shop-subnet' }, spec: { namespaces: ['shop', 'billing'] } }] }),
  ],
  [
    'ovn/nbctl-show.txt',
    'switch 1 (ovn-default)\n    port web-0.shop\n        addresses: ["00:00:00:aa:00:05 10.16.0.5"]\n    port web-2.shop\n    port node-worker-1\n',
  ],
  ['ovn/nb.json', '{"data":[[["map",[["pod","billing/api-0"],["vendor","kube-ovn"]]]]]}'],
  ['ovn/sbctl-show.txt', 'Chassis "2e3175b0"\n    hostname: worker-1\n'],
  [
    'hosts/worker-1/ovs-interfaces.json',
    '{"data":[[["map",[["iface-id","cache-0.infra"],["pod_name","cache-0"],["pod_namespace","infra"]]],"3f2a1b0c_h"]],"headings":["external_ids","name"]}',
  ],
]);

describe('--redact', () => {
  it('parses kinds, single names and @file; refuses what cannot be told apart from the command output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hp-redact-'));
    try {
      writeFileSync(join(dir, 'names'), '# names we do not share\nnode:worker-1\npod:shop/web-0, acme\n');
      const request = parseRedact(['namespaces', `@${join(dir, 'names')}`]);
      assert.deepEqual([...request.every], ['namespace']);
      assert.deepEqual(
        [...request.names],
        [
          ['worker-1', 'node'],
          ['web-0', 'pod'],
          ['acme', 'name'],
        ],
      );
      const refused: [string, RegExp][] = [
        ['ns:default', /a namespace every cluster has identifies nothing/],
        ['node:master', /the word also occurs in the command output/],
        ['pod:10', /digits only/],
        ['service:web', /unknown kind "service"/],
        ['node:a b', /expected a name of letters/],
        [',', /--redact names nothing/],
        [`@${join(dir, 'missing')}`, /cannot read .*missing: ENOENT/],
      ];
      for (const [value, message] of refused)
        assert.throws(
          () => parseRedact([value]),
          (e: unknown) => e instanceof UsageError && message.test(e.message),
          value,
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the nodes, namespaces and pods a collected snapshot names', () => {
    const found = findNames(FILES);
    assert.deepEqual([...found.nodes].sort(), ['master', 'worker-1', 'worker-2.eu.internal']);
    assert.deepEqual([...found.namespaces].sort(), ['billing', 'infra', 'shop']);
    assert.deepEqual([...found.pods].sort(), ['api-0', 'cache-0', 'web-0', 'web-1', 'web-2']);
  });

  it('--redact all: every name replaced consistently in paths and contents; addresses, keys and built-in words kept', () => {
    const plan = planRedaction(parseRedact(['all']), findNames(FILES), (name, placeholder, kind) =>
      kind === 'node' ? [[`node-${name}`, `node-${placeholder}`]] : [],
    );
    assert.deepEqual(plan.counts, { nodes: 2, namespaces: 3, pods: 5, names: 0 });
    assert.deepEqual(plan.warnings, [
      '--redact: node "master" left as it is: the word also occurs in the command output, so it cannot be replaced',
    ]);
    const out = redactFiles(FILES, plan.mapping);
    assert.deepEqual([...out.keys()].filter((p) => p.startsWith('hosts/')).sort(), [
      'hosts/node-1/iptables-save.txt',
      'hosts/node-1/meta.yaml',
      'hosts/node-1/ovs-interfaces.json',
      'hosts/node-1/sysctl.txt',
      'hosts/node-2/meta.yaml',
      'hosts/pod-3.ns-3/ip-addr.json',
      'hosts/pod-3.ns-3/meta.yaml',
    ]);
    assert.equal(out.get('hosts/pod-3.ns-3/meta.yaml'), 'role: pod\nnode: "node-1"\n');
    assert.equal(out.get('topology.yaml'), 'links:\n  - ["pod-3.ns-3:eth0", "node-1:veth1"]\nsegments: []\n');
    assert.equal(
      out.get('hosts/node-1/sysctl.txt'),
      'kernel.hostname = node-1\nnet.ipv4.conf.default.rp_filter = 1\nnet.ipv4.ip_forward = 1\n',
    );
    assert.match(out.get('hosts/node-1/iptables-save.txt') ?? '', /--comment "ns-3\/web:http cluster IP" -j KUBE-SVC-ABCDEF/);
    assert.equal(out.get('hosts/pod-3.ns-3/ip-addr.json'), FILES.get('hosts/web-0.shop/ip-addr.json'));
    assert.ok(out.has('k8s/pod.ns-3.pod-3.json'));
    assert.match(out.get('ovn/nbctl-show.txt') ?? '', /port pod-3\.ns-3\n.*10\.16\.0\.5.*\n    port pod-5\.ns-3\n    port node-node-1\n/);
    assert.match(out.get('ovn/nb.json') ?? '', /\["pod","ns-1\/pod-1"\]/);
    assert.match(
      out.get('hosts/node-1/ovs-interfaces.json') ?? '',
      /\["iface-id","pod-2\.ns-2"\],\["pod_name","pod-2"\],\["pod_namespace","ns-2"\]/,
    );
    assert.equal(out.get('ovn/sbctl-show.txt'), 'Chassis "2e3175b0"\n    hostname: node-1\n');
    const everything = [...out].flat().join('\n');
    for (const name of ['worker-1', 'worker-2', 'shop', 'billing', 'infra', 'web-0', 'web-1', 'web-2', 'api-0', 'cache-0'])
      assert.ok(!new RegExp(`(?<![A-Za-z0-9_-])${name}(?![A-Za-z0-9_-])`).test(everything), `${name} is still in the snapshot`);
    assert.match(everything, /"shop-subnet"/, 'a name merely starting with a namespace is another name');
  });

  it('single names: only those, a placeholder never taken from a name that stays', () => {
    const plan = planRedaction(parseRedact(['node:worker-2.eu.internal,acme']), {
      nodes: new Set(['node-1', 'worker-2.eu.internal']),
      namespaces: new Set(),
      pods: new Set(),
    });
    assert.deepEqual(
      [...plan.mapping],
      [
        ['worker-2.eu.internal', 'node-2'],
        ['acme', 'name-1'],
      ],
    );
    assert.equal(
      redactText('node-1 worker-2.eu.internal acme.example.com acme-corp 10.0.0.5', plan.mapping),
      'node-1 node-2 name-1.example.com acme-corp 10.0.0.5',
    );
  });
});
