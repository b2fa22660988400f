import type { OvnAcl, OvnGatewayChassis, OvnLoadBalancer, OvnNat, OvnNatType, OvnNorthbound, OvnStaticRoute, ParseIssue } from '@hookpath/model';
import { atomOf, itemsOf, mapOf } from '../ovn-nbctl-list/ovsdb-value';
import { parseOvnNbctlList, type OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { parseOvnNbctlShow } from './parse-ovn-nbctl-show';

/** One file of a snapshot's ovn/ folder; `path` is the snapshot path (`ovn/nb-NAT.txt`). */
export interface OvnFile {
  path: string;
  content: string;
}

export interface BuiltNorthbound {
  value: OvnNorthbound;
  errors: ParseIssue[];
  warnings: ParseIssue[];
}

/** The tables the model reads; other `nb-<Table>.txt` files are parsed for errors and otherwise ignored. */
const USED_TABLES = new Set(['NAT', 'Load_Balancer', 'Logical_Router_Port', 'Gateway_Chassis', 'Logical_Router_Static_Route', 'Logical_Router', 'Logical_Switch', 'ACL']);
const NAT_TYPES: readonly string[] = ['snat', 'dnat', 'dnat_and_snat'];

const uuidOf = (r: OvsdbRecord): string | null => atomOf(r.columns._uuid);
const whole = (file: string, message: string): ParseIssue => ({ file, line: 0, column: 0, message, text: '' });

function natFrom(r: OvsdbRecord, file: string, errors: ParseIssue[]): OvnNat | null {
  const type = atomOf(r.columns.type) ?? '';
  if (!NAT_TYPES.includes(type)) {
    errors.push({ file, line: r.line, column: 0, message: `NAT row has type ${JSON.stringify(type)} (snat, dnat, dnat_and_snat)`, text: '' });
    return null;
  }
  return {
    uuid: uuidOf(r),
    type: type as OvnNatType,
    externalIp: atomOf(r.columns.external_ip) ?? '',
    logicalIp: atomOf(r.columns.logical_ip) ?? '',
    externalMac: atomOf(r.columns.external_mac),
    logicalPort: atomOf(r.columns.logical_port),
    options: mapOf(r.columns.options),
  };
}

function routeFrom(r: OvsdbRecord): OvnStaticRoute {
  return {
    uuid: uuidOf(r),
    ipPrefix: atomOf(r.columns.ip_prefix) ?? '',
    nexthop: atomOf(r.columns.nexthop) ?? '',
    policy: atomOf(r.columns.policy) === 'src-ip' ? 'src-ip' : 'dst-ip',
    outputPort: atomOf(r.columns.output_port),
  };
}

function lbFrom(r: OvsdbRecord): OvnLoadBalancer {
  const vips = Object.entries(mapOf(r.columns.vips)).map(([vip, backends]) => ({ vip, backends: backends.split(',').filter((b) => b !== '') }));
  return { uuid: uuidOf(r), name: atomOf(r.columns.name) ?? '', protocol: atomOf(r.columns.protocol), vips, routers: [], switches: [] };
}

/**
 * Builds the northbound model from `nbctl-show.txt` and whichever `nb-<Table>.txt` files exist,
 * joining rows by name (ports, routers) and by UUID (NAT, gateway chassis, routes, load balancers).
 */
export function buildOvnNorthbound(files: readonly OvnFile[]): BuiltNorthbound {
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const tables = new Map<string, { file: string; rows: OvsdbRecord[] }>();
  const value: OvnNorthbound = { switches: [], routers: [], loadBalancers: [], acls: [], files: files.map((f) => f.path).sort() };
  for (const f of files) {
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    const table = /^nb-([A-Za-z_]+)\.txt$/.exec(name)?.[1];
    if (name === 'nbctl-show.txt') {
      const show = parseOvnNbctlShow(f.content, f.path);
      errors.push(...show.errors);
      value.switches = show.value.switches;
      value.routers = show.value.routers;
    } else if (table !== undefined) {
      const list = parseOvnNbctlList(f.content, f.path);
      errors.push(...list.errors);
      if (USED_TABLES.has(table)) tables.set(table, { file: f.path, rows: list.value });
      else warnings.push(whole(f.path, `table ${table} is not used by the OVN model; ignored`));
    } else if (name === 'nb.json') {
      warnings.push(whole(f.path, 'nb.json (ovsdb-client dump) is not read; nbctl-show.txt and nb-<Table>.txt are'));
    } else {
      warnings.push(whole(f.path, 'not an OVN file of the snapshot layout (nbctl-show.txt, nb-<Table>.txt, nb.json); ignored'));
    }
  }
  const rows = (t: string): OvsdbRecord[] => tables.get(t)?.rows ?? [];
  const byUuid = (t: string): Map<string, OvsdbRecord> => new Map(rows(t).flatMap((r) => { const u = uuidOf(r); return u === null ? [] : [[u, r] as const]; }));

  // Logical routers the show output lacks but the table has (name, uuid).
  for (const r of rows('Logical_Router')) {
    const name = atomOf(r.columns.name) ?? '';
    if (!value.routers.some((lr) => lr.name === name)) {
      value.routers.push({ name, uuid: uuidOf(r) ?? '', ports: [], nat: [], loadBalancers: [], staticRoutes: [], options: {} });
    }
  }
  const chassisRows = byUuid('Gateway_Chassis');
  const portRows = new Map(rows('Logical_Router_Port').map((r) => [atomOf(r.columns.name) ?? '', r]));
  const portRowsByUuid = byUuid('Logical_Router_Port');
  const natFile = tables.get('NAT')?.file ?? '';
  const natRows = byUuid('NAT');
  const routeRows = byUuid('Logical_Router_Static_Route');
  const lbs = rows('Load_Balancer').map(lbFrom);
  const usedNat = new Set<string>();
  const usedRoutes = new Set<string>();
  for (const lr of value.routers) {
    const table = rows('Logical_Router').find((r) => atomOf(r.columns.name) === lr.name);
    if (table !== undefined) {
      lr.options = mapOf(table.columns.options);
      for (const id of itemsOf(table.columns.ports)) {
        const row = portRowsByUuid.get(id);
        const name = row === undefined ? null : atomOf(row.columns.name);
        if (name !== null && !lr.ports.some((p) => p.name === name)) lr.ports.push({ name, uuid: id, mac: '', networks: [], gatewayChassis: [], options: {} });
      }
      for (const id of itemsOf(table.columns.nat)) {
        if (!lr.nat.some((n) => n.uuid === id)) lr.nat.push({ uuid: id, type: 'snat', externalIp: '', logicalIp: '', externalMac: null, logicalPort: null, options: {} });
      }
      for (const id of itemsOf(table.columns.load_balancer)) {
        const lb = lbs.find((l) => l.uuid === id);
        lr.loadBalancers.push(lb?.name ?? id);
        lb?.routers.push(lr.name);
      }
      for (const id of itemsOf(table.columns.static_routes)) {
        const row = routeRows.get(id);
        if (row !== undefined) lr.staticRoutes.push(routeFrom(row));
        usedRoutes.add(id);
      }
    }
    for (const port of lr.ports) {
      const row = portRows.get(port.name);
      if (row === undefined) continue;
      port.uuid = uuidOf(row);
      port.mac = atomOf(row.columns.mac) ?? port.mac;
      port.networks = itemsOf(row.columns.networks);
      port.options = mapOf(row.columns.options);
      const gcs: OvnGatewayChassis[] = [];
      for (const id of itemsOf(row.columns.gateway_chassis)) {
        const gc = chassisRows.get(id);
        if (gc === undefined) continue;
        const priority = Number(atomOf(gc.columns.priority) ?? 'NaN');
        gcs.push({ chassis: atomOf(gc.columns.chassis_name) ?? '', priority: Number.isInteger(priority) ? priority : null });
      }
      if (gcs.length > 0) port.gatewayChassis = gcs.sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
    }
    lr.nat = lr.nat.map((nat) => {
      const row = nat.uuid === null ? undefined : natRows.get(nat.uuid);
      if (row === undefined || nat.uuid === null) return nat;
      usedNat.add(nat.uuid);
      return natFrom(row, natFile, errors) ?? nat;
    });
  }
  for (const [id, row] of natRows) {
    if (!usedNat.has(id)) warnings.push({ file: natFile, line: row.line, column: 0, message: `NAT row ${id} belongs to no router the snapshot shows; ignored`, text: '' });
  }
  for (const [id, row] of routeRows) {
    if (!usedRoutes.has(id)) {
      warnings.push({ file: tables.get('Logical_Router_Static_Route')?.file ?? '', line: row.line, column: 0, message: `static route ${id} belongs to no router (nb-Logical_Router.txt lists the routes of each router); ignored`, text: '' });
    }
  }
  for (const r of rows('Logical_Switch')) {
    const name = atomOf(r.columns.name) ?? '';
    const sw = value.switches.find((s) => s.name === name);
    for (const id of itemsOf(r.columns.load_balancer)) {
      const lb = lbs.find((l) => l.uuid === id);
      sw?.loadBalancers.push(lb?.name ?? id);
      lb?.switches.push(name);
    }
  }
  value.loadBalancers = lbs;
  value.acls = rows('ACL').map((r): OvnAcl => {
    const priority = Number(atomOf(r.columns.priority) ?? 'NaN');
    return { uuid: uuidOf(r), direction: atomOf(r.columns.direction) ?? '', priority: Number.isInteger(priority) ? priority : null, match: atomOf(r.columns.match) ?? '', action: atomOf(r.columns.action) ?? '' };
  });
  return { value, errors, warnings };
}
