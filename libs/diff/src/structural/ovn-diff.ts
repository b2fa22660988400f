import type { OvnLoadBalancer, OvnLogicalRouter, OvnLogicalSwitch, OvnNat, OvnNorthbound, OvnRouterPort, OvnStaticRoute, OvnSwitchPort } from '@hookpath/model';
import { added, byKey, changed, diffKeyed, removed, unionKeys, type StructuralChange } from './change';

const optionsText = (o: Record<string, string>): string =>
  Object.keys(o)
    .sort()
    .map((k) => `${k}=${o[k]}`)
    .join(',');

const switchPortText = (p: OvnSwitchPort): string =>
  `${p.name} type=${p.type === '' ? 'vif' : p.type} addresses=[${p.addresses.join(' ; ')}]${p.routerPort === null ? '' : ` router-port=${p.routerPort}`}`;
const routerPortText = (p: OvnRouterPort): string =>
  `${p.name} mac=${p.mac} networks=[${p.networks.join(' ')}] gateway-chassis=[${p.gatewayChassis.map((g) => `${g.chassis}${g.priority === null ? '' : `:${g.priority}`}`).join(' ')}] options={${optionsText(p.options)}}`;
const natKey = (n: OvnNat): string => `${n.type} ${n.externalIp} ${n.logicalIp}`;
const natText = (n: OvnNat): string =>
  `${natKey(n)}${n.externalMac === null ? '' : ` external_mac=${n.externalMac}`}${n.logicalPort === null ? '' : ` logical_port=${n.logicalPort}`}${Object.keys(n.options).length === 0 ? '' : ` options={${optionsText(n.options)}}`}`;
const staticRouteText = (r: OvnStaticRoute): string => `${r.policy} ${r.ipPrefix} via ${r.nexthop}${r.outputPort === null ? '' : ` output_port=${r.outputPort}`}`;
const lbText = (lb: OvnLoadBalancer): string => `${lb.name} protocol=${lb.protocol ?? '-'} routers=[${[...lb.routers].sort().join(' ')}] switches=[${[...lb.switches].sort().join(' ')}]`;

function diffSwitch(base: OvnLogicalSwitch | undefined, target: OvnLogicalSwitch | undefined, name: string): StructuralChange[] {
  const out: StructuralChange[] = [];
  const path = `logical_switch/${name}`;
  if (base === undefined && target !== undefined) out.push(added('ovn.switch.added', { ovn: path }, `${name} (${target.ports.length} ports)`));
  if (base !== undefined && target === undefined) out.push(removed('ovn.switch.removed', { ovn: path }, `${name} (${base.ports.length} ports)`));
  out.push(
    ...diffKeyed(byKey(base?.ports ?? [], (p) => p.name), byKey(target?.ports ?? [], (p) => p.name), switchPortText, {
      added: (k, p) => [added('ovn.switch-port.added', { ovn: `${path}/port/${k}` }, switchPortText(p))],
      removed: (k, p) => [removed('ovn.switch-port.removed', { ovn: `${path}/port/${k}` }, switchPortText(p))],
      changed: (k, b, t) => [changed('ovn.switch-port.changed', { ovn: `${path}/port/${k}` }, switchPortText(b), switchPortText(t))],
    }),
  );
  return out;
}

function diffRouter(base: OvnLogicalRouter | undefined, target: OvnLogicalRouter | undefined, name: string): StructuralChange[] {
  const out: StructuralChange[] = [];
  const path = `logical_router/${name}`;
  if (base === undefined && target !== undefined) out.push(added('ovn.router.added', { ovn: path }, `${name} (${target.ports.length} ports, ${target.nat.length} NAT)`));
  if (base !== undefined && target === undefined) out.push(removed('ovn.router.removed', { ovn: path }, `${name} (${base.ports.length} ports, ${base.nat.length} NAT)`));
  out.push(
    ...diffKeyed(byKey(base?.ports ?? [], (p) => p.name), byKey(target?.ports ?? [], (p) => p.name), routerPortText, {
      added: (k, p) => [added('ovn.router-port.added', { ovn: `${path}/port/${k}` }, routerPortText(p))],
      removed: (k, p) => [removed('ovn.router-port.removed', { ovn: `${path}/port/${k}` }, routerPortText(p))],
      changed: (k, b, t) => [changed('ovn.router-port.changed', { ovn: `${path}/port/${k}` }, routerPortText(b), routerPortText(t))],
    }),
    ...diffKeyed(byKey(base?.nat ?? [], natKey), byKey(target?.nat ?? [], natKey), natText, {
      added: (k, n) => [added('ovn.nat.added', { ovn: `${path}/nat/${k}` }, natText(n))],
      removed: (k, n) => [removed('ovn.nat.removed', { ovn: `${path}/nat/${k}` }, natText(n))],
      changed: (k, b, t) => [changed('ovn.nat.changed', { ovn: `${path}/nat/${k}` }, natText(b), natText(t))],
    }),
    ...diffKeyed(byKey(base?.staticRoutes ?? [], staticRouteText), byKey(target?.staticRoutes ?? [], staticRouteText), staticRouteText, {
      added: (k) => [added('ovn.static-route.added', { ovn: `${path}/static_route/${k}` }, k)],
      removed: (k) => [removed('ovn.static-route.removed', { ovn: `${path}/static_route/${k}` }, k)],
      changed: () => [],
    }),
  );
  return out;
}

function diffLoadBalancer(base: OvnLoadBalancer | undefined, target: OvnLoadBalancer | undefined, name: string): StructuralChange[] {
  const out: StructuralChange[] = [];
  const path = `load_balancer/${name}`;
  if (base === undefined && target !== undefined) out.push(added('ovn.load-balancer.added', { ovn: path }, lbText(target)));
  if (base !== undefined && target === undefined) out.push(removed('ovn.load-balancer.removed', { ovn: path }, lbText(base)));
  if (base !== undefined && target !== undefined && lbText(base) !== lbText(target)) out.push(changed('ovn.load-balancer.changed', { ovn: path }, lbText(base), lbText(target)));
  const backends = (v: { backends: string[] }): string => v.backends.join(',');
  out.push(
    ...diffKeyed(byKey(base?.vips ?? [], (v) => v.vip), byKey(target?.vips ?? [], (v) => v.vip), backends, {
      added: (k, v) => [added('ovn.lb-vip.added', { ovn: `${path}/vip/${k}` }, `${k} -> ${backends(v)}`)],
      removed: (k, v) => [removed('ovn.lb-vip.removed', { ovn: `${path}/vip/${k}` }, `${k} -> ${backends(v)}`)],
      changed: (k, b, t) => [changed('ovn.lb-vip.changed', { ovn: `${path}/vip/${k}` }, `${k} -> ${backends(b)}`, `${k} -> ${backends(t)}`)],
    }),
  );
  return out;
}

/** The OVN northbound database: switches and their ports, routers (ports, NAT, static routes), load balancers. */
export function diffOvn(base: OvnNorthbound | null | undefined, target: OvnNorthbound | null | undefined): StructuralChange[] {
  const out: StructuralChange[] = [];
  const bs = byKey(base?.switches ?? [], (s) => s.name);
  const ts = byKey(target?.switches ?? [], (s) => s.name);
  for (const name of unionKeys(bs.keys(), ts.keys())) out.push(...diffSwitch(bs.get(name), ts.get(name), name));
  const br = byKey(base?.routers ?? [], (r) => r.name);
  const tr = byKey(target?.routers ?? [], (r) => r.name);
  for (const name of unionKeys(br.keys(), tr.keys())) out.push(...diffRouter(br.get(name), tr.get(name), name));
  const lbName = (lb: OvnLoadBalancer): string => (lb.name !== '' ? lb.name : (lb.uuid ?? ''));
  const bl = byKey(base?.loadBalancers ?? [], lbName);
  const tl = byKey(target?.loadBalancers ?? [], lbName);
  for (const name of unionKeys(bl.keys(), tl.keys())) out.push(...diffLoadBalancer(bl.get(name), tl.get(name), name));
  return out;
}
