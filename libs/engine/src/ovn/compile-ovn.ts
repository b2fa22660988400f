import type {
  OvnBindings,
  OvnLoadBalancer,
  OvnLogicalRouter,
  OvnLogicalSwitch,
  OvnNorthbound,
  OvnSwitchPort,
  OvnTable,
} from '@hookpath/model';
import { parseIpv4, parsePrefix } from '../net/ipv4';
import { ipv4Endpoint } from './lb-vip';
import type { OvnOwnerIndex } from './owners';
import type { MatchSets } from './match/evaluate-match';
import { MatchIndex } from './match/match-index';
import { ACL_STAGES } from './compiled-ovn';
import type {
  AclStageName,
  CompiledAcl,
  CompiledAclStage,
  CompiledOvn,
  CompiledRoute,
  CompiledRouter,
  CompiledSwitch,
  CompiledVip,
  RouterPortRef,
  SwitchPortRef,
  VifAddress,
  VipIndex,
} from './compiled-ovn';

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** The MAC and IPv4 addresses of a port's `addresses` entries ("<mac> <ip>..."); "router", "unknown" and "dynamic" are not VIF addresses. */
export function vifAddresses(port: OvnSwitchPort): VifAddress[] {
  const entries = [...port.addresses];
  if (port.dynamicAddresses !== undefined && port.dynamicAddresses !== null && port.addresses.includes('dynamic'))
    entries.push(port.dynamicAddresses);
  return entries.flatMap((entry) => {
    const [mac = '', ...ips] = entry.split(/\s+/).filter((t) => t !== '');
    return MAC.test(mac)
      ? [{ mac: mac.toLowerCase(), ips: ips.map((ip) => ip.replace(/\/\d+$/, '')).filter((ip) => parseIpv4(ip) !== null) }]
      : [];
  });
}

function routerPortRef(lr: CompiledRouter, port: OvnLogicalRouter['ports'][number]): RouterPortRef {
  const networks = port.networks.flatMap((cidr) => {
    const prefix = parsePrefix(cidr);
    const address = cidr.slice(0, cidr.indexOf('/') < 0 ? undefined : cidr.indexOf('/'));
    return prefix === null || parseIpv4(address) === null ? [] : [{ cidr, address, prefix }];
  });
  return { lr, port, networks };
}

function compileVips(lbs: readonly OvnLoadBalancer[]): VipIndex {
  const out = new Map<string, CompiledVip[]>();
  for (const lb of lbs) {
    const protocol = lb.protocol === 'udp' || lb.protocol === 'sctp' ? lb.protocol : 'tcp';
    for (const v of lb.vips) {
      const vip = ipv4Endpoint(v.vip);
      if (vip === null) continue;
      const backends = v.backends.flatMap((b) => {
        const parsed = ipv4Endpoint(b);
        return parsed === null ? [] : [{ ip: parsed.address, port: parsed.port, text: b.trim() }];
      });
      const entry: CompiledVip = { lb, vip: v.vip, ip: vip.address, port: vip.port, protocol, backends };
      const list = out.get(vip.address);
      if (list === undefined) out.set(vip.address, [entry]);
      else list.push(entry);
    }
  }
  return out;
}

/**
 * The load balancers a switch or router uses: those it lists (by name or UUID), directly or through
 * a Load_Balancer_Group, and those whose `switches`/`routers` name it.
 */
export function datapathLoadBalancers(
  nb: OvnNorthbound,
  kind: 'router' | 'switch',
  name: string,
  refs: readonly string[],
  groups: readonly string[] | undefined,
): OvnLoadBalancer[] {
  const names = new Set(refs);
  for (const g of groups ?? []) {
    const group = (nb.loadBalancerGroups ?? []).find((x) => x.name === g || x.uuid === g);
    for (const lb of group?.loadBalancers ?? []) names.add(lb);
  }
  return nb.loadBalancers.filter(
    (lb) => names.has(lb.name) || (lb.uuid !== null && names.has(lb.uuid)) || (kind === 'router' ? lb.routers : lb.switches).includes(name),
  );
}

function switchAcls(
  nb: OvnNorthbound,
  sw: OvnLogicalSwitch,
  captured: ReadonlySet<OvnTable>,
): { acls: CompiledAcl[] | null; missing: string | null } {
  const missing = (['ACL', 'Logical_Switch', 'Port_Group'] as const).filter((t) => !captured.has(t));
  if (missing.length > 0)
    return {
      acls: null,
      missing: `the northbound ${missing.join(', ')} table${missing.length > 1 ? 's were' : ' was'} not captured (ovn/nb.json or ovn/nb-<Table>.txt)`,
    };
  const portNames = new Set(sw.ports.map((p) => p.name));
  const groups = (nb.portGroups ?? []).filter((pg) => pg.ports.some((p) => portNames.has(p)));
  const ids = new Set([...(sw.acls ?? []), ...groups.flatMap((g) => g.acls)]);
  const acls = nb.acls
    .filter(
      (a) =>
        (a.uuid !== null && ids.has(a.uuid)) ||
        (a.appliesTo ?? []).some(
          (t) => (t.kind === 'switch' && t.name === sw.name) || (t.kind === 'port_group' && groups.some((g) => g.name === t.name)),
        ),
    )
    .map((acl): CompiledAcl => ({
      acl,
      direction: acl.direction === 'to-lport' ? 'to-lport' : 'from-lport',
      priority: acl.priority ?? 0,
      tier: acl.tier ?? 0,
      afterLb: acl.options?.['apply-after-lb'] === 'true',
    }))
    .sort((a, b) => a.tier - b.tier || b.priority - a.priority);
  return { acls, missing: null };
}

/** A switch's ACLs by the stage that runs them. */
function aclStages(acls: readonly CompiledAcl[], sets: MatchSets): Record<AclStageName, CompiledAclStage> {
  const stages = {} as Record<AclStageName, CompiledAclStage>;
  for (const stage of Object.keys(ACL_STAGES) as AclStageName[]) {
    const { direction, afterLb } = ACL_STAGES[stage];
    const inStage = acls.filter((a) => a.direction === direction && a.afterLb === afterLb);
    stages[stage] = {
      acls: inStage,
      index: new MatchIndex(
        inStage.map((a) => a.acl.matchExpr),
        sets,
      ),
      tiered: inStage.find((a) => a.tier !== 0),
    };
  }
  return stages;
}

function compileSwitch(nb: OvnNorthbound, sw: OvnLogicalSwitch, captured: ReadonlySet<OvnTable>, sets: MatchSets): CompiledSwitch {
  const ports = new Map(sw.ports.map((p) => [p.name, p] as const));
  const vifIps = new Map<string, { port: OvnSwitchPort; mac: string }>();
  const macs = new Map<string, OvnSwitchPort>();
  for (const port of sw.ports) {
    for (const a of vifAddresses(port)) {
      macs.set(a.mac, port);
      for (const ip of a.ips) vifIps.set(ip, { port, mac: a.mac });
    }
  }
  const { acls, missing } = switchAcls(nb, sw, captured);
  return {
    sw,
    name: sw.name,
    ports,
    macs,
    portMacs: new Map(),
    unknownPorts: sw.ports.filter((p) => p.addresses.includes('unknown')),
    localnetPorts: sw.ports.filter((p) => p.type === 'localnet'),
    vifIps,
    routerPorts: [],
    aclsMissing: missing,
    aclStages: acls === null ? null : aclStages(acls, sets),
    statefulAcls: (acls ?? []).some((a) => a.acl.action === 'allow-related'),
    vips: compileVips(datapathLoadBalancers(nb, 'switch', sw.name, sw.loadBalancers, sw.loadBalancerGroups)),
  };
}

function compileRoutes(router: CompiledRouter): CompiledRoute[] {
  const routes: CompiledRoute[] = [];
  for (const ref of router.ports.values()) {
    for (const n of ref.networks) {
      routes.push({
        route: null,
        connected: ref,
        prefix: n.prefix,
        srcIp: false,
        table: '',
        priority: n.prefix.length * 3 + 2,
        text: `${n.cidr} connected to ${ref.port.name}`,
      });
    }
  }
  for (const route of router.lr.staticRoutes) {
    const prefix = parsePrefix(route.ipPrefix);
    if (prefix === null) continue;
    const srcIp = route.policy === 'src-ip';
    const text = `${route.ipPrefix} ${route.nexthop === 'discard' ? 'discard' : `via ${route.nexthop}`}${srcIp ? ' (src-ip)' : ''}${route.outputPort === null ? '' : ` dev ${route.outputPort}`}${route.routeTable === undefined || route.routeTable === '' ? '' : ` table ${route.routeTable}`}`;
    routes.push({
      route,
      connected: null,
      prefix,
      srcIp,
      table: route.routeTable ?? '',
      priority: prefix.length * 3 + (srcIp ? 0 : 1),
      text,
    });
  }
  return routes.sort((a, b) => b.priority - a.priority);
}

function compileRouter(nb: OvnNorthbound, lr: OvnLogicalRouter, sets: MatchSets): CompiledRouter {
  const ports = new Map<string, RouterPortRef>();
  const policies = [...(lr.policies ?? [])].sort((a, b) => b.priority - a.priority).map((policy) => ({ policy }));
  const router: CompiledRouter = {
    lr,
    name: lr.name,
    ports,
    gatewayRouterChassis: lr.options.chassis ?? null,
    gatewayPorts: [],
    nat: lr.nat,
    vips: compileVips(datapathLoadBalancers(nb, 'router', lr.name, lr.loadBalancers, lr.loadBalancerGroups)),
    routes: [],
    policies,
    policyIndex: new MatchIndex(
      policies.map((p) => p.policy.matchExpr),
      sets,
    ),
  };
  for (const port of lr.ports) ports.set(port.name, routerPortRef(router, port));
  router.gatewayPorts = [...ports.values()].filter((r) => r.port.gatewayChassis.length > 0 || (r.port.haChassisGroup ?? null) !== null);
  router.routes = compileRoutes(router);
  return router;
}

/**
 * NB address sets, and the ones northd derives from every port group: `$<port group>_ip4` holds the
 * IPv4 addresses of the group's ports (kube-ovn's router policies use them: `$ovn.default.<node>_ip4`);
 * and the port groups. A set or group a match names that is not there is empty when its table was
 * captured, and not known when it was not.
 */
function matchSets(nb: OvnNorthbound, captured: ReadonlySet<OvnTable>): MatchSets {
  const ports = new Map(nb.switches.flatMap((sw) => sw.ports.map((p) => [p.name, p] as const)));
  const addressSets = new Map<string, string[]>();
  for (const pg of nb.portGroups ?? []) {
    addressSets.set(
      `${pg.name}_ip4`,
      pg.ports.flatMap((p) => {
        const port = ports.get(p);
        return port === undefined ? [] : vifAddresses(port).flatMap((a) => a.ips);
      }),
    );
  }
  for (const a of nb.addressSets ?? []) addressSets.set(a.name, a.addresses);
  const portGroups = new Map((nb.portGroups ?? []).map((g) => [g.name, g.ports] as const));
  const addressSetsCaptured = captured.has('Address_Set');
  const portGroupsCaptured = captured.has('Port_Group');
  return {
    addressSet: (name) => addressSets.get(name) ?? (addressSetsCaptured ? [] : undefined),
    portGroup: (name) => portGroups.get(name) ?? (portGroupsCaptured ? [] : undefined),
  };
}

/** Indexes the northbound database for tracing: done once per snapshot. */
export function compileOvn(nb: OvnNorthbound, bindings: OvnBindings | undefined, owners: OvnOwnerIndex): CompiledOvn {
  const captured = new Set<OvnTable>(nb.captured ?? []);
  const sets = matchSets(nb, captured);
  const switches = new Map<string, CompiledSwitch>();
  const routers = new Map<string, CompiledRouter>();
  const switchPorts = new Map<string, SwitchPortRef>();
  const routerPorts = new Map<string, RouterPortRef>();
  const peerOfRouterPort = new Map<string, SwitchPortRef>();
  for (const lr of nb.routers) {
    const router = compileRouter(nb, lr, sets);
    routers.set(lr.name, router);
    for (const ref of router.ports.values()) routerPorts.set(ref.port.name, ref);
  }
  for (const sw of nb.switches) {
    const compiled = compileSwitch(nb, sw, captured, sets);
    switches.set(sw.name, compiled);
    for (const port of sw.ports) {
      switchPorts.set(port.name, { sw: compiled, port });
      if (port.type !== 'router' || port.routerPort === null) continue;
      const peer = routerPorts.get(port.routerPort);
      if (peer === undefined) continue;
      peerOfRouterPort.set(port.routerPort, { sw: compiled, port });
      compiled.routerPorts.push({ lsp: port, peer });
      // ls_in_l2_lkup knows a router port's MAC when the switch port's addresses say "router"
      // (`ovn-nbctl show` does not print them; without the port table kube-ovn's "router" is assumed).
      const mac = peer.port.mac.toLowerCase();
      const known = !captured.has('Logical_Switch_Port') || port.addresses.includes('router');
      if (MAC.test(mac) && known) compiled.macs.set(mac, port);
      // A distributed NAT's external_mac is looked up to the router port on the gateway port's switch
      // (ls_in_l2_lkup, on the chassis of the NAT's logical_port).
      if (peer.lr.gatewayPorts.includes(peer)) {
        for (const nat of peer.lr.nat) {
          const external = nat.externalMac?.toLowerCase();
          if (nat.type === 'dnat_and_snat' && nat.logicalPort !== null && external !== undefined && MAC.test(external))
            compiled.macs.set(external, port);
        }
      }
    }
  }
  // a port's own MAC: the first its switch's L2 lookup holds for it, now that every MAC is in
  for (const compiled of switches.values()) {
    for (const [mac, port] of compiled.macs) if (!compiled.portMacs.has(port)) compiled.portMacs.set(port, mac);
  }
  const macBindings = new Map((nb.macBindings ?? []).map((b) => [`${b.logicalPort}|${b.ip}`, b.mac.toLowerCase()] as const));
  const portChassis = new Map<string, string>();
  for (const ch of nb.chassis ?? []) for (const p of ch.ports) portChassis.set(p, ch.name);
  return {
    nb,
    captured,
    switches,
    routers,
    switchPorts,
    routerPorts,
    peerOfRouterPort,
    sets,
    macBindings,
    portChassis,
    owners,
    chassisHosts: new Map(Object.entries(bindings?.chassis ?? {})),
  };
}
