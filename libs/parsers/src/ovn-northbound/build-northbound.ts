import type { OvnNorthbound, ParseIssue } from '@hookpath/model';
import { acls, portGroups } from './acls';
import { capturedTables, collectSources, type OvnFile } from './collect-sources';
import { loadBalancers } from './load-balancers';
import { itemsIn, rowsByUuid, textOf, type BuildContext } from './nb-table';
import { haChassisGroups } from './router-ports';
import { routers } from './routers';
import { addressSets, dhcpOptions, staticMacBindings } from './standalone-tables';
import { switches } from './switches';

export interface BuiltNorthbound {
  value: OvnNorthbound;
  errors: ParseIssue[];
  warnings: ParseIssue[];
}

/**
 * Builds the northbound model from whatever a snapshot's ovn/ folder holds: `nb.json`
 * (`ovsdb-client -f json dump`), `nb-<Table>.txt` (`ovn-nbctl list <Table>`), `nbctl-show.txt`
 * `sbctl-show.txt` and `sb-MAC_Binding.txt`. Per table the richest source wins (nb.json, then nb-<Table>.txt, then
 * nbctl-show.txt); rows are joined by UUID and, with nbctl-show.txt, by name. `captured` lists
 * the tables held in full; a table not listed is unknown, not empty.
 */
export function buildOvnNorthbound(files: readonly OvnFile[]): BuiltNorthbound {
  const sources = collectSources(files);
  const ctx: BuildContext = { tables: sources.tables, errors: sources.errors, warnings: sources.warnings };
  const lbs = loadBalancers(ctx);
  const lsps = rowsByUuid(ctx, 'Logical_Switch_Port');
  const portName = (uuid: string): string => {
    const row = lsps.get(uuid);
    return row === undefined ? uuid : (textOf(row, 'name') ?? uuid);
  };
  const builtSwitches = switches(ctx, sources.show?.switches ?? [], lbs);
  const builtRouters = routers(ctx, sources.show?.routers ?? [], lbs);
  const groups = portGroups(ctx, portName);
  const pgRows = ctx.tables.get('Port_Group')?.rows ?? [];
  const value: OvnNorthbound = {
    switches: builtSwitches,
    routers: builtRouters,
    loadBalancers: lbs.loadBalancers,
    acls: acls(ctx, [
      ...builtSwitches.map((s) => ({ kind: 'switch' as const, name: s.name, acls: s.acls ?? [] })),
      ...pgRows.map((r) => ({ kind: 'port_group' as const, name: textOf(r, 'name') ?? '', acls: itemsIn(r, 'acls') })),
    ]),
    loadBalancerGroups: lbs.groups,
    haChassisGroups: haChassisGroups(ctx),
    portGroups: groups,
    addressSets: addressSets(ctx),
    staticMacBindings: staticMacBindings(ctx),
    dhcpOptions: dhcpOptions(ctx),
    macBindings: sources.macBindings,
    chassis: sources.chassis,
    captured: capturedTables(sources.tables),
    files: files.map((f) => f.path).sort(),
  };
  for (const key of Object.keys(value) as (keyof OvnNorthbound)[]) if (value[key] === undefined) delete value[key];
  sortForReading(value);
  return { value, errors: ctx.errors, warnings: ctx.warnings };
}

const compare = (a: string | number | null, b: string | number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/** One order whatever the source (list output and JSON dumps order rows differently). */
function sortForReading(value: OvnNorthbound): void {
  const byName = (a: { name: string; uuid: string | null }, b: { name: string; uuid: string | null }): number =>
    compare(a.name, b.name) || compare(a.uuid, b.uuid);
  value.loadBalancers.sort(byName);
  for (const lb of value.loadBalancers) {
    lb.routers.sort();
    lb.switches.sort();
  }
  // ACLs as northd evaluates them within a direction: tier, then highest priority first.
  value.acls.sort(
    (a, b) =>
      compare(a.direction, b.direction) ||
      (a.tier ?? 0) - (b.tier ?? 0) ||
      (b.priority ?? 0) - (a.priority ?? 0) ||
      compare(a.uuid, b.uuid),
  );
  value.loadBalancerGroups?.sort(byName);
  value.haChassisGroups?.sort(byName);
  value.portGroups?.sort(byName);
  value.addressSets?.sort(byName);
  value.staticMacBindings?.sort((a, b) => compare(a.logicalPort, b.logicalPort) || compare(a.ip, b.ip));
  value.dhcpOptions?.sort((a, b) => compare(a.cidr, b.cidr) || compare(a.uuid, b.uuid));
}

export type { OvnFile };
