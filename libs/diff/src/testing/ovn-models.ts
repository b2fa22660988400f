import { OVN_TABLES, type OvnAcl, type OvnLogicalRouter, type OvnLogicalSwitch, type OvnNorthbound, type OvnTable } from '@hookpath/model';

/** Every NB table of the model: a snapshot taken from nb.json holds them all in full. */
export const ALL_TABLES: OvnTable[] = [...OVN_TABLES];

/**
 * Test support: a kube-ovn default VPC as nb.json, sbctl-show.txt and sb-MAC_Binding.txt give it —
 * ovn-default and join switches, the ovn-cluster router with its external gateway port, subnet SNAT
 * and a centralized FIP, the node reroute policies, the cluster Services' load balancer, and a
 * NetworkPolicy `web` in `default` (a port group, its ACLs and an address set).
 */
export function kubeOvnNorthbound(): OvnNorthbound {
  const ovnDefault: OvnLogicalSwitch = {
    name: 'ovn-default',
    uuid: 'ls-ovn-default',
    ports: [
      {
        name: 'nginx-0.default',
        uuid: 'lsp-nginx-0',
        type: '',
        addresses: ['00:00:00:0a:10:00:05 10.16.0.5'],
        routerPort: null,
        portSecurity: ['00:00:00:0a:10:00:05 10.16.0.5'],
        options: {},
        externalIds: { pod: 'default/nginx-0', vendor: 'kube-ovn' },
        enabled: null,
        dhcpv4Options: 'dhcp-ovn-default',
      },
      {
        name: 'client-0.default',
        uuid: 'lsp-client-0',
        type: '',
        addresses: ['00:00:00:0a:10:00:07 10.16.0.7'],
        routerPort: null,
        portSecurity: ['00:00:00:0a:10:00:07 10.16.0.7'],
        options: {},
      },
      {
        name: 'ovn-default-ovn-cluster',
        uuid: 'lsp-ovn-default-ovn-cluster',
        type: 'router',
        addresses: ['router'],
        routerPort: 'ovn-cluster-ovn-default',
        options: { 'router-port': 'ovn-cluster-ovn-default' },
      },
    ],
    loadBalancers: ['lb-cluster-tcp'],
    loadBalancerGroups: [],
    acls: [],
    otherConfig: { subnet: '10.16.0.0/16', exclude_ips: '10.16.0.1' },
  };
  const join: OvnLogicalSwitch = {
    name: 'join',
    uuid: 'ls-join',
    ports: [
      {
        name: 'node-kind-worker',
        uuid: 'lsp-node-kind-worker',
        type: '',
        addresses: ['00:00:00:64:00:00:03 100.64.0.3'],
        routerPort: null,
      },
      {
        name: 'join-ovn-cluster',
        uuid: 'lsp-join-ovn-cluster',
        type: 'router',
        addresses: ['router'],
        routerPort: 'ovn-cluster-join',
        options: { 'router-port': 'ovn-cluster-join' },
      },
    ],
    loadBalancers: [],
  };
  const external: OvnLogicalSwitch = {
    name: 'external',
    uuid: 'ls-external',
    ports: [
      {
        name: 'localnet.external',
        uuid: 'lsp-localnet',
        type: 'localnet',
        addresses: ['unknown'],
        routerPort: null,
        options: { network_name: 'external' },
      },
      {
        name: 'external-ovn-cluster',
        uuid: 'lsp-external-ovn-cluster',
        type: 'router',
        addresses: ['router'],
        routerPort: 'ovn-cluster-external',
        options: { 'router-port': 'ovn-cluster-external' },
      },
    ],
    loadBalancers: [],
  };
  const cluster: OvnLogicalRouter = {
    name: 'ovn-cluster',
    uuid: 'lr-ovn-cluster',
    ports: [
      {
        name: 'ovn-cluster-ovn-default',
        uuid: 'lrp-ovn-default',
        mac: '00:00:00:aa:00:01',
        networks: ['10.16.0.1/16'],
        gatewayChassis: [],
        options: {},
      },
      {
        name: 'ovn-cluster-join',
        uuid: 'lrp-join',
        mac: '00:00:00:aa:00:02',
        networks: ['100.64.0.1/16'],
        gatewayChassis: [],
        options: {},
      },
      {
        name: 'ovn-cluster-external',
        uuid: 'lrp-external',
        mac: '00:00:00:aa:00:03',
        networks: ['172.19.0.2/16'],
        gatewayChassis: [
          { chassis: 'chassis-a', priority: 2 },
          { chassis: 'chassis-b', priority: 1 },
        ],
        options: {},
      },
    ],
    nat: [
      {
        uuid: 'nat-snat',
        type: 'snat',
        externalIp: '172.19.0.2',
        logicalIp: '10.16.0.0/16',
        externalMac: null,
        logicalPort: null,
        options: {},
      },
      {
        uuid: 'nat-fip',
        type: 'dnat_and_snat',
        externalIp: '172.19.0.11',
        logicalIp: '10.16.0.5',
        externalMac: null,
        logicalPort: null,
        options: {},
        externalIds: { 'ovn-fip': 'fip-nginx' },
      },
    ],
    loadBalancers: ['lb-cluster-tcp'],
    loadBalancerGroups: [],
    staticRoutes: [
      {
        uuid: 'route-default',
        ipPrefix: '0.0.0.0/0',
        nexthop: '172.19.0.1',
        policy: 'dst-ip',
        outputPort: null,
        routeTable: '',
        options: {},
      },
    ],
    policies: [
      { uuid: 'policy-31000', priority: 31000, match: 'ip4.dst == 10.16.0.0/16', action: 'allow', nexthops: [], options: {} },
      {
        uuid: 'policy-kind-worker',
        priority: 29000,
        match: 'ip4.src == $ovn.default.kind.worker_ip4',
        action: 'reroute',
        nexthops: ['100.64.0.3'],
        options: {},
      },
    ],
    options: {},
  };
  const acl = (uuid: string, priority: number, match: string, action: string): OvnAcl => ({
    uuid,
    direction: 'to-lport',
    priority,
    match,
    action,
    name: null,
    tier: 2,
    label: 0,
    log: false,
    severity: null,
    options: {},
    externalIds: { parent: 'web' },
    appliesTo: [{ kind: 'port_group', name: 'web.default' }],
  });
  return {
    switches: [ovnDefault, join, external],
    routers: [cluster],
    loadBalancers: [
      {
        uuid: 'lb-cluster-tcp',
        name: 'cluster-tcp-loadbalancer',
        protocol: 'tcp',
        vips: [{ vip: '10.96.0.10:53', backends: ['10.16.0.2:53', '10.16.0.3:53'] }],
        routers: ['ovn-cluster'],
        switches: ['ovn-default'],
        options: {},
        selectionFields: [],
        healthChecks: [],
      },
    ],
    acls: [
      acl('acl-web-drop', 2000, 'outport == @web.default && ip', 'drop'),
      acl('acl-web-allow-0', 2001, 'outport == @web.default && ip4 && ip4.src == $web.default.ingress.allow.IPv4.0', 'allow-related'),
    ],
    loadBalancerGroups: [{ uuid: 'lbg-cluster', name: 'cluster-load-balancer-group', loadBalancers: ['lb-cluster-tcp'] }],
    haChassisGroups: [
      {
        uuid: 'hcg-external',
        name: 'ovn-cluster-external',
        chassis: [
          { chassis: 'chassis-a', priority: 100 },
          { chassis: 'chassis-b', priority: 90 },
        ],
      },
    ],
    portGroups: [{ uuid: 'pg-web', name: 'web.default', ports: ['nginx-0.default'], acls: ['acl-web-drop', 'acl-web-allow-0'] }],
    addressSets: [
      { uuid: 'as-web-0', name: 'web.default.ingress.allow.IPv4.0', addresses: ['10.16.0.7'] },
      { uuid: 'as-worker', name: 'ovn.default.kind.worker_ip4', addresses: ['10.16.0.5', '10.16.0.7'] },
    ],
    staticMacBindings: [
      { uuid: 'smb-gw', logicalPort: 'ovn-cluster-external', ip: '172.19.0.254', mac: '02:42:ac:13:00:fe', overrideDynamicMac: false },
    ],
    dhcpOptions: [
      {
        uuid: 'dhcp-ovn-default',
        cidr: '10.16.0.0/16',
        options: { lease_time: '3600', router: '10.16.0.1', server_id: '169.254.0.254', server_mac: '00:00:00:2e:2f:b8' },
      },
    ],
    macBindings: [{ logicalPort: 'ovn-cluster-external', ip: '172.19.0.1', mac: '02:42:ac:13:00:01' }],
    chassis: [
      {
        name: 'chassis-a',
        hostname: 'kind-worker',
        encaps: ['geneve 172.18.0.2'],
        ports: ['nginx-0.default', 'client-0.default', 'cr-ovn-cluster-external'],
      },
      { name: 'chassis-b', hostname: 'kind-control-plane', encaps: ['geneve 172.18.0.3'], ports: ['node-kind-worker'] },
    ],
    captured: [...ALL_TABLES],
    files: ['ovn/nb.json', 'ovn/sb-MAC_Binding.txt', 'ovn/sbctl-show.txt'],
  };
}

/**
 * The same database captured again: every row has a new UUID (and every reference follows), as
 * when kube-ovn recreates rows or the capture comes from another database instance.
 */
export function recaptured(nb: OvnNorthbound): OvnNorthbound {
  const uuids = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'uuid' && typeof x === 'string') uuids.add(x);
        else collect(x);
      }
    }
  };
  collect(nb);
  const rename = (v: unknown): unknown => {
    if (typeof v === 'string') return uuids.has(v) ? `${v}-recaptured` : v;
    if (Array.isArray(v)) return v.map(rename);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x)]));
    return v;
  };
  return rename(nb) as OvnNorthbound;
}

/** The switch or router of a model by name (a test's own fixture: missing is a bug in the test). */
export function switchOf(nb: OvnNorthbound, name: string): OvnLogicalSwitch {
  const s = nb.switches.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no switch ${name}`);
  return s;
}

export function routerOf(nb: OvnNorthbound, name: string): OvnLogicalRouter {
  const r = nb.routers.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no router ${name}`);
  return r;
}
