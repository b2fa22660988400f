import type { KubeJsonValue, KubeObject, OvnTable, OvsdbMap, SnapshotModel } from '@hookpath/model';
import { vipParts } from './lb-vip';
import { KubeObjects, kubeList, kubeText } from './owner-kube-objects';

/**
 * The Kubernetes object behind an OVN northbound row: the kube-ovn object (Vpc, Subnet, OvnFip,
 * Pod, NetworkPolicy, SecurityGroup, ...) whose controller wrote it, or the Service a load
 * balancer VIP serves. Found by the `external_ids` kube-ovn writes (authoritative, even when the
 * object itself is not in k8s/), else by kube-ovn's naming conventions and addresses matched
 * against the snapshot's k8s/ objects (then `via` says how).
 */
export interface OvnOwner {
  kind: string;
  namespace: string | null;
  name: string;
  /** `external_ids:<key>` when kube-ovn's own marker says so; else the match: name, addresses, external IP, CIDR, route, policy, VIP. */
  via: string;
  /** Whether the object is among the snapshot's k8s/ objects. */
  inSnapshot: boolean;
  /** "kube-ovn OvnFip fip-1 (by addresses)", "Service default/web (by VIP)", "kube-ovn Vpc vpc-1". */
  text: string;
}

/** Any northbound row of the model: what the owner rules read from it (every field optional). */
export interface OvnOwnerRow {
  uuid?: string | null;
  name?: string | null;
  externalIds?: OvsdbMap;
  type?: string;
  externalIp?: string;
  logicalIp?: string;
  logicalPort?: string | null;
  routerPort?: string | null;
  ipPrefix?: string;
  nexthop?: string;
  priority?: number | null;
  match?: string;
  appliesTo?: { kind: 'switch' | 'port_group'; name: string }[];
}

/** Where a row sits, when the caller knows better than the model (rows built outside it). */
export interface OvnOwnerContext {
  router?: string | null;
  switch?: string | null;
}

export interface OvnOwnerIndex {
  /** The owner's text (OvnOwner.text), or null when nothing says who made the row. */
  ownerOf(table: OvnTable, row: OvnOwnerRow, context?: OvnOwnerContext): string | null;
  owner(table: OvnTable, row: OvnOwnerRow, context?: OvnOwnerContext): OvnOwner | null;
  /** The owner of one VIP (`ip[:port]`) of a load balancer: the Service or OvnDnatRule it serves, else the load balancer's owner. */
  vipOwner(loadBalancer: OvnOwnerRow & { protocol?: string | null }, vip: string): OvnOwner | null;
}

const KUBE_OVN = 'kube-ovn';
/** Kinds that are Kubernetes' own objects matched directly, not rows kube-ovn made for them. */
const PLAIN_KINDS: ReadonlySet<string> = new Set(['Service']);

type Via = string;

/** kube-ovn's VPC load balancer names (pkg/controller/vpc.go) and the default VPC's (controller flags). */
const VPC_LB = /^vpc-(.+)-(tcp|udp|sctp)(-sess)?-load$/;
const CLUSTER_LB = /^cluster-(tcp|udp|sctp)(-session)?-loadbalancer$/;
const VPC_LB_STATUS_KEYS = [
  'tcpLoadBalancer',
  'tcpSessionLoadBalancer',
  'udpLoadBalancer',
  'udpSessionLoadBalancer',
  'sctpLoadBalancer',
  'sctpSessionLoadBalancer',
];

/** kube-ovn's port group names: `<np>.<ns>` and `ovn.sg.<sg>` with every "-" as "." (network_policy.go, ovs/util.go). */
const dotted = (text: string): string => text.replaceAll('-', '.');

/** "ns/name" (or "ns/name/direction") -> [ns, name]; a bare name has no namespace. */
function namespaced(value: string): [string | null, string] {
  const parts = value.split('/');
  return parts.length >= 2 ? [parts[0] ?? null, parts[1] ?? ''] : [null, value];
}

class OwnerIndex implements OvnOwnerIndex {
  private readonly kube: KubeObjects;
  /** Router (or switch) of each row object of the model, by identity and by UUID. */
  private readonly routerOf = new Map<object | string, string>();
  private readonly switchOf = new Map<object | string, string>();
  private readonly routerOfPort = new Map<string, string>();
  private readonly routerPortByName = new Map<string, OvnOwnerRow>();
  private readonly switchByName = new Map<string, OvnOwnerRow>();
  private readonly portGroupByName = new Map<string, OvnOwnerRow>();
  private readonly defaultVpc: string | null;

  constructor(model: SnapshotModel) {
    this.kube = new KubeObjects(model.kube ?? []);
    const nb = model.ovn;
    for (const router of nb?.routers ?? []) {
      const rows: OvnOwnerRow[] = [...router.ports, ...router.nat, ...router.staticRoutes, ...(router.policies ?? [])];
      for (const row of rows) {
        this.routerOf.set(row, router.name);
        if (row.uuid !== null && row.uuid !== undefined) this.routerOf.set(row.uuid, router.name);
      }
      for (const port of router.ports) {
        this.routerOfPort.set(port.name, router.name);
        this.routerPortByName.set(port.name, port);
      }
    }
    for (const sw of nb?.switches ?? []) {
      this.switchByName.set(sw.name, sw);
      for (const port of sw.ports) {
        this.switchOf.set(port, sw.name);
        if (port.uuid !== null) this.switchOf.set(port.uuid, sw.name);
      }
    }
    for (const group of nb?.portGroups ?? []) this.portGroupByName.set(group.name, group);
    const declared = this.kube.find('Vpc', (vpc) => kubeText(vpc.status, 'default') === 'true');
    this.defaultVpc = declared === null ? null : (kubeText(declared.status, 'router') ?? declared.metadata.name);
  }

  ownerOf(table: OvnTable, row: OvnOwnerRow, context?: OvnOwnerContext): string | null {
    return this.owner(table, row, context)?.text ?? null;
  }

  owner(table: OvnTable, row: OvnOwnerRow, context: OvnOwnerContext = {}): OvnOwner | null {
    return this.byExternalIds(table, row, context) ?? this.byConvention(table, row, context);
  }

  vipOwner(loadBalancer: OvnOwnerRow & { protocol?: string | null }, vip: string): OvnOwner | null {
    const { address: ip, port } = vipParts(vip);
    const protocol = (loadBalancer.protocol ?? 'tcp').toUpperCase();
    const service = this.kube.find('Service', (s) => {
      const ips = [kubeText(s.spec, 'clusterIP'), ...kubeList(s.spec, 'clusterIPs'), ...kubeList(s.spec, 'externalIPs')];
      if (!ips.includes(ip)) return false;
      return (
        port === null ||
        kubeList(s.spec, 'ports').some((p) => kubeText(p, 'port') === port && (kubeText(p, 'protocol') ?? 'TCP').toUpperCase() === protocol)
      );
    });
    if (service !== null) return this.found(service, 'VIP');
    const dnat = this.kube.find(
      'OvnDnatRule',
      (d) => kubeText(d.status, 'v4Eip') === ip && (port === null || kubeText(d.status, 'externalPort') === port),
    );
    if (dnat !== null) return this.found(dnat, 'VIP');
    return this.owner('Load_Balancer', loadBalancer);
  }

  // -- external_ids ---------------------------------------------------------------------------

  private byExternalIds(table: OvnTable, row: OvnOwnerRow, context: OvnOwnerContext): OvnOwner | null {
    const ids = row.externalIds ?? {};
    const key = (k: string): string | null => (ids[k] === undefined || ids[k] === '' ? null : ids[k]);
    const vendor = key('vendor') === KUBE_OVN;
    const pod = key('pod');
    if (pod !== null) {
      const [namespace, name] = namespaced(pod);
      return this.named('Pod', name, namespace, 'external_ids:pod');
    }
    // A subnet's gateway policy names the node it reroutes to as well: the Subnet is what writes it.
    const policySubnet = table === 'Logical_Router_Policy' ? key('subnet') : null;
    if (policySubnet !== null) return this.named('Subnet', policySubnet, null, 'external_ids:subnet');
    const node = key('node');
    if (node !== null) return this.named('Node', node, null, 'external_ids:node');
    const np = key('np');
    if (np !== null) {
      const [namespace, name] = namespaced(np);
      return this.named('NetworkPolicy', name, namespace, 'external_ids:np');
    }
    const sg = key('sg');
    if (sg !== null) return this.named('SecurityGroup', sg, null, 'external_ids:sg');
    for (const [k, kind] of [
      ['vpc-nat-gateway', 'VpcNatGateway'],
      ['vpc-egress-gateway', 'VpcEgressGateway'],
    ] as const) {
      const value = key(k);
      if (value !== null) return this.named(kind, value, null, `external_ids:${k}`);
    }
    const subnet = key('subnet');
    if (subnet !== null) return this.named('Subnet', subnet, null, 'external_ids:subnet');
    const vpc = key('vpc');
    if (vpc !== null) return this.named('Vpc', vpc, null, 'external_ids:vpc');
    if (table === 'ACL') {
      const parent = key('parent');
      if (parent !== null) return this.parentOwner(parent);
    }
    if (table === 'DHCP_Options') {
      const ls = key('ls');
      if (ls !== null) return this.named('Subnet', ls, null, 'external_ids:ls');
    }
    if (!vendor) return null;
    const name = row.name ?? null;
    switch (table) {
      case 'Logical_Switch':
        return name === null ? null : this.named('Subnet', name, null, 'external_ids:vendor');
      case 'Logical_Router':
        return name === null ? null : this.named('Vpc', name, null, 'external_ids:vendor');
      case 'Logical_Router_Static_Route':
      case 'Logical_Router_Policy': {
        const router = this.routerOfRow(row, context);
        return router === null ? null : this.named('Vpc', this.vpcOfRouter(router), null, 'external_ids:vendor');
      }
      case 'Load_Balancer':
        return this.loadBalancerByName(row, true);
      case 'Logical_Router_Port': {
        const router = key('lr') ?? this.routerOfRow(row, context);
        const subnet = router !== null && name !== null && name.startsWith(`${router}-`) ? name.slice(router.length + 1) : null;
        return subnet === null ? null : this.named('Subnet', subnet, null, 'external_ids:vendor');
      }
      case 'Logical_Switch_Port':
      case 'NAT':
      case 'ACL':
      case 'Port_Group':
      case 'Address_Set':
      case 'Gateway_Chassis':
      case 'HA_Chassis_Group':
      case 'Load_Balancer_Group':
      case 'Static_MAC_Binding':
      case 'DHCP_Options':
        return null;
      default: {
        const unreachable: never = table;
        return unreachable;
      }
    }
  }

  /** An ACL's `parent`: a port group (its owner) or a logical switch (its subnet). */
  private parentOwner(parent: string): OvnOwner | null {
    const group = this.portGroupByName.get(parent);
    if (group !== undefined) return this.owner('Port_Group', group);
    const sw = this.switchByName.get(parent);
    if (sw !== undefined) return this.owner('Logical_Switch', sw) ?? this.named('Subnet', parent, null, 'external_ids:parent');
    return null;
  }

  // -- names and addresses ----------------------------------------------------------------------

  private byConvention(table: OvnTable, row: OvnOwnerRow, context: OvnOwnerContext): OvnOwner | null {
    const name = row.name ?? null;
    switch (table) {
      case 'Logical_Switch':
        return name === null ? null : this.existing('Subnet', name, 'name');
      case 'Logical_Router':
        return name === null
          ? null
          : (this.existing('Vpc', name, 'name') ??
              this.foundBy(
                this.kube.find('Vpc', (v) => kubeText(v.status, 'router') === name),
                'name',
              ));
      case 'Logical_Switch_Port':
        return this.switchPortOwner(row);
      case 'Logical_Router_Port':
        return this.routerPortOwner(row, context);
      case 'NAT':
        return this.natOwner(row, context);
      case 'Load_Balancer':
        return this.loadBalancerByName(row, false);
      case 'Logical_Router_Static_Route':
        return this.vpcRouteOwner(
          row,
          context,
          'staticRoutes',
          (r) => kubeText(r, 'cidr') === row.ipPrefix && kubeText(r, 'nextHopIP') === row.nexthop,
          'route',
        );
      case 'Logical_Router_Policy':
        return this.vpcRouteOwner(
          row,
          context,
          'policyRoutes',
          (p) => kubeText(p, 'priority') === String(row.priority) && kubeText(p, 'match') === row.match,
          'policy',
        );
      case 'Port_Group':
        return this.portGroupByNameOwner(name);
      case 'Address_Set': {
        const sg = name === null ? null : /^ovn\.sg\.(.+)\.associated\.v[46]$/.exec(name);
        return sg === null || sg === undefined
          ? null
          : this.foundBy(
              this.kube.find('SecurityGroup', (o) => dotted(o.metadata.name) === sg[1]),
              'name',
            );
      }
      case 'ACL': {
        const group = row.appliesTo?.find((a) => a.kind === 'port_group');
        return group === undefined ? null : this.portGroupByNameOwner(group.name);
      }
      case 'Gateway_Chassis':
      case 'HA_Chassis_Group':
      case 'Load_Balancer_Group':
      case 'Static_MAC_Binding':
      case 'DHCP_Options':
        return null;
      default: {
        const unreachable: never = table;
        return unreachable;
      }
    }
  }

  private switchPortOwner(row: OvnOwnerRow): OvnOwner | null {
    const name = row.name ?? null;
    if (name === null) return null;
    if (row.type === 'router' && row.routerPort !== null && row.routerPort !== undefined) {
      const peer = this.routerPortByName.get(row.routerPort);
      const owner = this.routerPortOwner(peer ?? { name: row.routerPort }, {});
      if (owner !== null) return owner;
    }
    // `<pod>.<ns>` (and `<pod>.<ns>.<provider>` for an attachment network).
    const parts = name.split('.');
    for (let cut = parts.length - 1; cut >= 1; cut--) {
      const pod = this.kube.get('Pod', parts.slice(0, cut).join('.'), parts[cut] ?? null);
      if (pod !== null) return this.found(pod, 'name');
    }
    const ip = this.kube.get('IP', name);
    if (ip !== null) {
      const podName = kubeText(ip.spec, 'podName');
      const namespace = kubeText(ip.spec, 'namespace');
      if (podName !== null) return this.named('Pod', podName, namespace, 'name', `IP ${name}`);
    }
    const eip = this.existing('OvnEip', name, 'name');
    if (eip !== null) return eip;
    const node = /^node-(.+)$/.exec(name);
    return node === null ? null : this.existing('Node', node[1] ?? '', 'name');
  }

  private routerPortOwner(row: OvnOwnerRow, context: OvnOwnerContext): OvnOwner | null {
    const name = row.name ?? null;
    if (name === null) return null;
    const eip = this.existing('OvnEip', name, 'name');
    if (eip !== null) return eip;
    const router = row.externalIds?.['lr'] ?? this.routerOfRow(row, context) ?? this.routerOfPort.get(name) ?? null;
    if (router === null || !name.startsWith(`${router}-`)) return null;
    return this.existing('Subnet', name.slice(router.length + 1), 'name');
  }

  private natOwner(row: OvnOwnerRow, context: OvnOwnerContext): OvnOwner | null {
    const external = row.externalIp ?? null;
    const logical = row.logicalIp ?? null;
    if (external === null) return null;
    const router = this.routerOfRow(row, context);
    const sameVpc = (o: KubeObject): boolean =>
      router === null || kubeText(o.status, 'vpc') === null || kubeText(o.status, 'vpc') === this.vpcOfRouter(router);
    if (row.type === 'dnat_and_snat') {
      const fip = this.kube.find(
        'OvnFip',
        (o) => kubeText(o.status, 'v4Eip') === external && kubeText(o.status, 'v4Ip') === logical && sameVpc(o),
      );
      if (fip !== null) return this.found(fip, 'addresses');
    }
    if (row.type === 'snat') {
      const snat = this.kube.find(
        'OvnSnatRule',
        (o) => kubeText(o.status, 'v4Eip') === external && kubeText(o.status, 'v4IpCidr') === logical && sameVpc(o),
      );
      if (snat !== null) return this.found(snat, 'addresses');
      const subnet = this.kube.find('Subnet', (o) => kubeText(o.spec, 'cidrBlock') === logical);
      if (subnet !== null) return this.found(subnet, 'CIDR');
    }
    const eip = this.kube.find('OvnEip', (o) => kubeText(o.status, 'v4Ip') === external);
    return eip === null ? null : this.found(eip, 'external IP');
  }

  private loadBalancerByName(row: OvnOwnerRow, vendor: boolean): OvnOwner | null {
    const name = row.name ?? null;
    if (name === null) return null;
    const via = vendor ? 'external_ids:vendor' : 'name';
    const byStatus = this.kube.find('Vpc', (v) => VPC_LB_STATUS_KEYS.some((k) => kubeText(v.status, k) === name));
    if (byStatus !== null) return this.found(byStatus, via);
    const vpc = VPC_LB.exec(name);
    if (vpc !== null) return vendor ? this.named('Vpc', vpc[1] ?? '', null, via) : this.existing('Vpc', vpc[1] ?? '', via);
    if (CLUSTER_LB.test(name) && (vendor || this.defaultVpc !== null))
      return this.named('Vpc', this.defaultVpc ?? 'ovn-cluster', null, via);
    return this.existing('OvnDnatRule', name, via);
  }

  private vpcRouteOwner(
    row: OvnOwnerRow,
    context: OvnOwnerContext,
    list: string,
    same: (entry: KubeJsonValue) => boolean,
    via: Via,
  ): OvnOwner | null {
    const router = this.routerOfRow(row, context);
    if (router === null) return null;
    const vpc = this.kube.get('Vpc', this.vpcOfRouter(router));
    return vpc !== null && kubeList(vpc.spec, list).some(same) ? this.found(vpc, via) : null;
  }

  private portGroupByNameOwner(name: string | null): OvnOwner | null {
    if (name === null) return null;
    const np = this.kube.find('NetworkPolicy', (o) => dotted(`${o.metadata.name}.${o.metadata.namespace ?? ''}`) === name);
    if (np !== null) return this.found(np, 'name');
    const sg = this.kube.find('SecurityGroup', (o) => `ovn.sg.${dotted(o.metadata.name)}` === name);
    return this.foundBy(sg, 'name');
  }

  // -- helpers ----------------------------------------------------------------------------------

  private routerOfRow(row: OvnOwnerRow, context: OvnOwnerContext): string | null {
    return (
      context.router ??
      this.routerOf.get(row) ??
      (row.uuid === null || row.uuid === undefined ? undefined : this.routerOf.get(row.uuid)) ??
      null
    );
  }

  /** The Vpc whose router this is (kube-ovn names the router after the VPC). */
  private vpcOfRouter(router: string): string {
    return this.kube.find('Vpc', (v) => kubeText(v.status, 'router') === router)?.metadata.name ?? router;
  }

  /** An object of that kind and name if k8s/ holds it (found by `via`). */
  private existing(kind: string, name: string, via: Via): OvnOwner | null {
    return this.foundBy(this.kube.get(kind, name), via);
  }

  private foundBy(object: KubeObject | null, via: Via): OvnOwner | null {
    return object === null ? null : this.found(object, via);
  }

  private found(object: KubeObject, via: Via): OvnOwner {
    return owner(object.kind, object.metadata.namespace, object.metadata.name, via, true);
  }

  /** An owner named by the row itself; `inSnapshot` says whether k8s/ holds it too. */
  private named(kind: string, name: string, namespace: string | null, via: Via, detail?: string): OvnOwner {
    const inSnapshot = this.kube.get(kind, name, namespace) !== null;
    const result = owner(kind, namespace, name, via, inSnapshot);
    return detail === undefined ? result : { ...result, text: result.text.replace(/\)$/, `, ${detail})`) };
  }
}

function owner(kind: string, namespace: string | null, name: string, via: Via, inSnapshot: boolean): OvnOwner {
  const prefix = PLAIN_KINDS.has(kind) ? '' : `${KUBE_OVN} `;
  const how = via.startsWith('external_ids:') ? '' : ` (by ${via})`;
  return { kind, namespace, name, via, inSnapshot, text: `${prefix}${kind} ${namespace === null ? '' : `${namespace}/`}${name}${how}` };
}

/** The owner index of a snapshot: build once per model, ask per row. */
export function ovnOwners(model: SnapshotModel): OvnOwnerIndex {
  return new OwnerIndex(model);
}
