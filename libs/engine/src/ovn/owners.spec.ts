import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { KubeObject, OvnNorthbound, SnapshotModel } from '@hookpath/model';
import { loadExample } from '../pipeline/testing/load-example';
import { ovnOwners } from './owners';

function kube(
  kind: string,
  name: string,
  namespace: string | null,
  spec: KubeObject['spec'] = null,
  status: KubeObject['status'] = null,
): KubeObject {
  return {
    apiVersion: kind === 'Service' || kind === 'Pod' ? 'v1' : 'kubeovn.io/v1',
    kind,
    metadata: { name, namespace, labels: {}, annotations: {}, uid: null },
    spec,
    status,
    fields: {},
    file: 'k8s/objects.yaml',
    line: 1,
  };
}

function model(ovn: Partial<OvnNorthbound>, objects: KubeObject[]): SnapshotModel {
  return {
    meta: {},
    topology: { links: [], segments: [] },
    hosts: [],
    rawOnly: [],
    warnings: [],
    ovn: { switches: [], routers: [], loadBalancers: [], acls: [], files: [], ...ovn },
    kube: objects,
  };
}

describe('ovnOwners: seed 002 (no external_ids in its capture: names and addresses against its k8s/ objects)', () => {
  const seed = loadExample('002-ovn-fip-snat-dnat');
  const owners = ovnOwners(seed);
  const routers = new Map(seed.ovn?.routers.map((r) => [r.name, r]));
  const vpc = routers.get('vpc-75989');
  const cluster = routers.get('ovn-cluster');

  it('matches every FIP NAT row to its OvnFip by external and logical IP, and the SNAT to its OvnEip', () => {
    const rows = (vpc?.nat ?? []).map((n) => [n.type, n.externalIp, n.logicalIp, owners.ownerOf('NAT', n)]);
    assert.deepEqual(
      rows.sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      [
        ['dnat_and_snat', '172.19.0.11', '192.168.0.4', 'kube-ovn OvnFip ofip-busybox01 (by addresses)'],
        ['dnat_and_snat', '172.19.0.12', '192.168.0.5', 'kube-ovn OvnFip ofip-busybox02 (by addresses)'],
        ['dnat_and_snat', '172.19.0.8', '192.168.0.2', 'kube-ovn OvnFip fip-71198 (by addresses)'],
        ['snat', '172.19.0.9', '192.168.0.0/24', 'kube-ovn OvnEip snat-eip-76840 (by external IP)'],
      ],
    );
  });

  it('names the OvnEip of each external gateway port and node port, and through the router port its peer switch port', () => {
    const lrp = (router: typeof vpc, name: string) => router?.ports.find((p) => p.name === name);
    assert.equal(
      owners.ownerOf('Logical_Router_Port', lrp(vpc, 'vpc-75989-external') ?? { name: '' }),
      'kube-ovn OvnEip vpc-75989-external (by name)',
    );
    assert.equal(
      owners.ownerOf('Logical_Router_Port', lrp(cluster, 'ovn-cluster-external') ?? { name: '' }),
      'kube-ovn OvnEip ovn-cluster-external (by name)',
    );
    const external = seed.ovn?.switches.find((s) => s.name === 'external');
    const port = (name: string) => external?.ports.find((p) => p.name === name) ?? { name: '' };
    assert.equal(owners.ownerOf('Logical_Switch_Port', port('kube-ovn-worker')), 'kube-ovn OvnEip kube-ovn-worker (by name)');
    assert.equal(owners.ownerOf('Logical_Switch_Port', port('external-vpc-75989')), 'kube-ovn OvnEip vpc-75989-external (by name)');
    assert.equal(owners.ownerOf('Logical_Switch_Port', port('ln-external')), null);
  });

  it('claims nothing it cannot show: switches and routers without Subnet or Vpc objects have no owner', () => {
    for (const sw of seed.ovn?.switches ?? []) assert.equal(owners.ownerOf('Logical_Switch', sw), null, sw.name);
    for (const router of seed.ovn?.routers ?? []) assert.equal(owners.ownerOf('Logical_Router', router), null, router.name);
  });
});

describe('ovnOwners: external_ids kube-ovn writes', () => {
  const nb: Partial<OvnNorthbound> = {
    switches: [
      {
        name: 'ovn-default',
        uuid: 'ls1',
        loadBalancers: [],
        externalIds: { vendor: 'kube-ovn' },
        ports: [
          {
            name: 'busybox01.default',
            uuid: 'p1',
            type: '',
            addresses: ['00:00:00:00:00:01 10.16.0.5'],
            routerPort: null,
            externalIds: { pod: 'default/busybox01', ls: 'ovn-default', vendor: 'kube-ovn' },
          },
          {
            name: 'node-worker-1',
            uuid: 'p2',
            type: '',
            addresses: [],
            routerPort: null,
            externalIds: { node: 'worker-1', vendor: 'kube-ovn' },
          },
        ],
      },
    ],
    routers: [
      {
        name: 'vpc-1',
        uuid: 'lr1',
        options: {},
        loadBalancers: [],
        externalIds: { vendor: 'kube-ovn' },
        ports: [
          {
            name: 'vpc-1-net1',
            uuid: 'lrp1',
            mac: '00:00:00:00:00:02',
            networks: ['10.0.1.1/24'],
            gatewayChassis: [],
            options: {},
            externalIds: { lr: 'vpc-1', vendor: 'kube-ovn' },
          },
        ],
        nat: [],
        staticRoutes: [
          {
            uuid: 'rt1',
            ipPrefix: '0.0.0.0/0',
            nexthop: '10.0.1.254',
            policy: 'dst-ip',
            outputPort: null,
            externalIds: { vendor: 'kube-ovn' },
          },
        ],
        policies: [
          {
            uuid: 'pol1',
            priority: 31000,
            match: 'ip4.dst == 10.0.1.0/24',
            action: 'allow',
            nexthops: [],
            externalIds: { vendor: 'kube-ovn', subnet: 'net1' },
          },
        ],
      },
    ],
    portGroups: [
      {
        uuid: 'pg1',
        name: 'np.web.default',
        ports: ['busybox01.default'],
        acls: ['acl1'],
        externalIds: { np: 'default/np-web', vendor: 'kube-ovn' },
      },
      { uuid: 'pg2', name: 'ovn.sg.sg1', ports: [], acls: [], externalIds: { sg: 'sg1', vendor: 'kube-ovn' } },
    ],
    addressSets: [
      {
        uuid: 'as1',
        name: 'np.web.default.ingress.allow.0',
        addresses: [],
        externalIds: { np: 'default/np-web/ingress', vendor: 'kube-ovn' },
      },
    ],
  };
  const owners = ovnOwners(model(nb, [kube('Vpc', 'vpc-1', null, { staticRoutes: [] })]));
  const sw = nb.switches?.[0];
  const router = nb.routers?.[0];

  it('reads pod, node, np, sg, subnet and parent', () => {
    assert.equal(owners.ownerOf('Logical_Switch_Port', sw?.ports[0] ?? {}), 'kube-ovn Pod default/busybox01');
    assert.equal(owners.ownerOf('Logical_Switch_Port', sw?.ports[1] ?? {}), 'kube-ovn Node worker-1');
    assert.equal(owners.ownerOf('Port_Group', nb.portGroups?.[0] ?? {}), 'kube-ovn NetworkPolicy default/np-web');
    assert.equal(owners.ownerOf('Port_Group', nb.portGroups?.[1] ?? {}), 'kube-ovn SecurityGroup sg1');
    assert.equal(owners.ownerOf('Address_Set', nb.addressSets?.[0] ?? {}), 'kube-ovn NetworkPolicy default/np-web');
    assert.equal(owners.ownerOf('Logical_Router_Policy', router?.policies?.[0] ?? {}), 'kube-ovn Subnet net1');
    // A subnet's per-node gateway policy (priority 29000) names both: the Subnet writes it.
    const gatewayPolicy = {
      uuid: 'pol2',
      priority: 29000,
      match: 'ip4.src == $net1.worker.1_ip4',
      externalIds: { vendor: 'kube-ovn', subnet: 'net1', node: 'worker-1' },
    };
    assert.equal(owners.ownerOf('Logical_Router_Policy', gatewayPolicy), 'kube-ovn Subnet net1');
    assert.equal(
      owners.ownerOf('Logical_Router_Policy', { uuid: 'pol3', externalIds: { vendor: 'kube-ovn', node: 'worker-1' } }),
      'kube-ovn Node worker-1',
    );
    const acl = { uuid: 'acl1', externalIds: { parent: 'np.web.default', vendor: 'kube-ovn' } };
    assert.equal(owners.ownerOf('ACL', acl), 'kube-ovn NetworkPolicy default/np-web');
    assert.equal(owners.ownerOf('ACL', { uuid: 'acl2', externalIds: { parent: 'ovn-default' } }), 'kube-ovn Subnet ovn-default');
  });

  it('vendor=kube-ovn makes a switch a Subnet, a router a Vpc, a router port its subnet, a route its router’s Vpc', () => {
    const owner = owners.owner('Logical_Switch', sw ?? {});
    assert.deepEqual(owner, {
      kind: 'Subnet',
      namespace: null,
      name: 'ovn-default',
      via: 'external_ids:vendor',
      inSnapshot: false,
      text: 'kube-ovn Subnet ovn-default',
    });
    assert.equal(owners.owner('Logical_Router', router ?? {})?.inSnapshot, true);
    assert.equal(owners.ownerOf('Logical_Router_Port', router?.ports[0] ?? {}), 'kube-ovn Subnet net1');
    assert.equal(owners.ownerOf('Logical_Router_Static_Route', router?.staticRoutes[0] ?? {}), 'kube-ovn Vpc vpc-1');
    // A row built outside the model says where it sits.
    assert.equal(
      owners.ownerOf('Logical_Router_Static_Route', { externalIds: { vendor: 'kube-ovn' } }, { router: 'vpc-1' }),
      'kube-ovn Vpc vpc-1',
    );
  });
});

describe('ovnOwners: names and addresses against k8s/ objects', () => {
  const objects = [
    kube(
      'Vpc',
      'ovn-cluster',
      null,
      { staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIP: '100.64.0.1', policy: 'policyDst' }] },
      { default: true, router: 'ovn-cluster', tcpLoadBalancer: 'cluster-tcp-loadbalancer' },
    ),
    kube('Vpc', 'vpc-75989', null, { policyRoutes: [{ priority: 1000, match: 'ip4.src == 192.168.0.0/24', action: 'allow' }] }),
    kube('Subnet', 'ovn-default', null, { cidrBlock: '10.16.0.0/16', vpc: 'ovn-cluster' }),
    kube('Pod', 'web-0', 'default'),
    kube('IP', 'fip-busybox01.default', null, { podName: 'fip-busybox01', namespace: 'default' }),
    kube('Service', 'web', 'default', { clusterIP: '10.96.0.10', ports: [{ port: 80, protocol: 'TCP' }] }),
    kube('OvnDnatRule', 'dnat-74661', null, null, { v4Eip: '172.19.0.10', externalPort: '8080', vpc: 'vpc-75989' }),
    kube('OvnSnatRule', 'snat-1', null, null, { v4Eip: '172.19.0.9', v4IpCidr: '192.168.0.0/24', vpc: 'vpc-75989' }),
    kube('NetworkPolicy', 'np-web', 'default'),
    kube('SecurityGroup', 'sg-one', null),
  ];
  const nb: Partial<OvnNorthbound> = {
    routers: [
      {
        name: 'ovn-cluster',
        uuid: 'lr0',
        options: {},
        loadBalancers: [],
        ports: [
          {
            name: 'ovn-cluster-ovn-default',
            uuid: null,
            mac: '00:00:00:3F:6D:45',
            networks: ['10.16.0.1/16'],
            gatewayChassis: [],
            options: {},
          },
        ],
        nat: [],
        staticRoutes: [{ uuid: null, ipPrefix: '0.0.0.0/0', nexthop: '100.64.0.1', policy: 'dst-ip', outputPort: null }],
      },
      {
        name: 'vpc-75989',
        uuid: 'lr1',
        options: {},
        loadBalancers: ['dnat-74661'],
        ports: [],
        nat: [
          {
            uuid: null,
            type: 'snat',
            externalIp: '172.19.0.9',
            logicalIp: '192.168.0.0/24',
            externalMac: null,
            logicalPort: null,
            options: {},
          },
        ],
        staticRoutes: [],
        policies: [{ uuid: null, priority: 1000, match: 'ip4.src == 192.168.0.0/24', action: 'allow', nexthops: [] }],
      },
    ],
    switches: [
      {
        name: 'ovn-default',
        uuid: 'ls0',
        loadBalancers: ['cluster-tcp-loadbalancer'],
        ports: [
          { name: 'web-0.default', uuid: null, type: '', addresses: [], routerPort: null },
          { name: 'fip-busybox01.default', uuid: null, type: '', addresses: [], routerPort: null },
          { name: 'ovn-default-ovn-cluster', uuid: null, type: 'router', addresses: ['router'], routerPort: 'ovn-cluster-ovn-default' },
        ],
      },
    ],
  };
  const owners = ovnOwners(model(nb, objects));
  const [cluster, vpc] = nb.routers ?? [];
  const ports = nb.switches?.[0]?.ports ?? [];

  it('switches, routers, router ports and their patch ports by kube-ovn names', () => {
    assert.equal(owners.ownerOf('Logical_Switch', { name: 'ovn-default' }), 'kube-ovn Subnet ovn-default (by name)');
    assert.equal(owners.ownerOf('Logical_Router', { name: 'vpc-75989' }), 'kube-ovn Vpc vpc-75989 (by name)');
    assert.equal(owners.ownerOf('Logical_Router_Port', cluster?.ports[0] ?? {}), 'kube-ovn Subnet ovn-default (by name)');
    assert.equal(owners.ownerOf('Logical_Switch_Port', ports[2] ?? {}), 'kube-ovn Subnet ovn-default (by name)');
  });

  it('pod ports by <pod>.<ns>, directly or through the IP object', () => {
    assert.equal(owners.ownerOf('Logical_Switch_Port', ports[0] ?? {}), 'kube-ovn Pod default/web-0 (by name)');
    assert.equal(
      owners.ownerOf('Logical_Switch_Port', ports[1] ?? {}),
      'kube-ovn Pod default/fip-busybox01 (by name, IP fip-busybox01.default)',
    );
  });

  it('load balancers by the Vpc status and the OvnDnatRule name; VIPs by the Service or the DNAT rule they serve', () => {
    assert.equal(owners.ownerOf('Load_Balancer', { name: 'cluster-tcp-loadbalancer' }), 'kube-ovn Vpc ovn-cluster (by name)');
    assert.equal(owners.ownerOf('Load_Balancer', { name: 'vpc-vpc-75989-udp-load' }), 'kube-ovn Vpc vpc-75989 (by name)');
    assert.equal(owners.ownerOf('Load_Balancer', { name: 'dnat-74661' }), 'kube-ovn OvnDnatRule dnat-74661 (by name)');
    assert.equal(owners.ownerOf('Load_Balancer', { name: 'vpc-gone-tcp-load' }), null);
    const lb = { name: 'cluster-tcp-loadbalancer', protocol: 'tcp' };
    assert.equal(owners.vipOwner(lb, '10.96.0.10:80')?.text, 'Service default/web (by VIP)');
    assert.equal(owners.vipOwner({ ...lb, protocol: 'udp' }, '10.96.0.10:80')?.text, 'kube-ovn Vpc ovn-cluster (by name)');
    assert.equal(
      owners.vipOwner({ name: 'dnat-74661', protocol: 'tcp' }, '172.19.0.10:8080')?.text,
      'kube-ovn OvnDnatRule dnat-74661 (by VIP)',
    );
  });

  it('NAT by OvnSnatRule addresses; routes and policies by the Vpc spec', () => {
    assert.equal(owners.ownerOf('NAT', vpc?.nat[0] ?? {}), 'kube-ovn OvnSnatRule snat-1 (by addresses)');
    assert.equal(owners.ownerOf('Logical_Router_Static_Route', cluster?.staticRoutes[0] ?? {}), 'kube-ovn Vpc ovn-cluster (by route)');
    assert.equal(owners.ownerOf('Logical_Router_Policy', vpc?.policies?.[0] ?? {}), 'kube-ovn Vpc vpc-75989 (by policy)');
  });

  it('port groups by the NetworkPolicy and SecurityGroup naming, and ACLs through the group they apply to', () => {
    assert.equal(owners.ownerOf('Port_Group', { name: 'np.web.default' }), 'kube-ovn NetworkPolicy default/np-web (by name)');
    assert.equal(owners.ownerOf('Port_Group', { name: 'ovn.sg.sg.one' }), 'kube-ovn SecurityGroup sg-one (by name)');
    assert.equal(owners.ownerOf('Address_Set', { name: 'ovn.sg.sg.one.associated.v4' }), 'kube-ovn SecurityGroup sg-one (by name)');
    assert.equal(
      owners.ownerOf('ACL', { appliesTo: [{ kind: 'port_group', name: 'np.web.default' }] }),
      'kube-ovn NetworkPolicy default/np-web (by name)',
    );
  });

  it('a snapshot without k8s/ objects or OVN still answers (nothing)', () => {
    const bare = ovnOwners({ meta: {}, topology: { links: [], segments: [] }, hosts: [], rawOnly: [], warnings: [] });
    assert.equal(bare.ownerOf('Logical_Switch', { name: 'ovn-default' }), null);
    assert.equal(bare.ownerOf('Logical_Switch_Port', { name: 'a.b', externalIds: { pod: 'b/a' } }), 'kube-ovn Pod b/a');
  });
});
