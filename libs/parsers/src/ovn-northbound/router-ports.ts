import type { OvnGatewayChassis, OvnHaChassisGroup, OvnRouterPort } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import {
  booleanOf,
  integerOf,
  itemsIn,
  mapIn,
  rowIssue,
  rowsByUuid,
  textOf,
  uuidOf,
  warnUnreferenced,
  type BuildContext,
} from './nb-table';

const highestFirst = (a: OvnGatewayChassis, b: OvnGatewayChassis): number => (b.priority ?? 0) - (a.priority ?? 0);

/** Gateway_Chassis / HA_Chassis rows as chassis with a priority. */
function chassisOf(row: OvsdbRecord): OvnGatewayChassis {
  return { chassis: textOf(row, 'chassis_name') ?? '', priority: integerOf(row, 'priority') };
}

/** HA_Chassis_Group rows with their HA_Chassis members, highest priority first. */
export function haChassisGroups(ctx: BuildContext): OvnHaChassisGroup[] | undefined {
  const table = ctx.tables.get('HA_Chassis_Group');
  if (table === undefined) return undefined;
  const members = rowsByUuid(ctx, 'HA_Chassis');
  const used = new Set<string>();
  const groups = table.rows.map((r) => {
    const ids = itemsIn(r, 'ha_chassis');
    ids.forEach((id) => used.add(id));
    if (ids.length > 0 && !ctx.tables.has('HA_Chassis')) {
      ctx.warnings.push(
        rowIssue(
          table,
          r,
          'ha_chassis',
          `HA chassis group ${textOf(r, 'name') ?? ''}: HA_Chassis was not captured (nb-HA_Chassis.txt or nb.json); its chassis are unknown`,
        ),
      );
    }
    const chassis = ids.flatMap((id) => {
      const m = members.get(id);
      return m === undefined ? [] : [chassisOf(m)];
    });
    return { uuid: uuidOf(r), name: textOf(r, 'name') ?? '', chassis: chassis.sort(highestFirst), externalIds: mapIn(r, 'external_ids') };
  });
  warnUnreferenced(ctx, 'HA_Chassis', used, 'belongs to no HA chassis group');
  return groups;
}

export interface RouterPortRows {
  /** Builds a port from its row; `shown` is the same port in nbctl-show.txt, if any. */
  fromRow: (row: OvsdbRecord, shown: OvnRouterPort | undefined) => OvnRouterPort;
  /** Completes a port known only from nbctl-show.txt (gateway chassis priorities by row name). */
  fromShow: (port: OvnRouterPort) => OvnRouterPort;
  /** Reports the Gateway_Chassis rows no port used. */
  finish: () => void;
}

/**
 * Logical_Router_Port rows with their Gateway_Chassis rows (highest priority first) and HA chassis
 * group (by name). Without Gateway_Chassis, the chassis names nbctl-show.txt prints are kept.
 */
export function routerPortRows(ctx: BuildContext): RouterPortRows {
  const gcTable = ctx.tables.get('Gateway_Chassis');
  const gcRows = rowsByUuid(ctx, 'Gateway_Chassis');
  const gcByName = new Map((gcTable?.rows ?? []).map((r) => [textOf(r, 'name') ?? '', r]));
  const groups = rowsByUuid(ctx, 'HA_Chassis_Group');
  const used = new Set<string>();
  const fromRow = (row: OvsdbRecord, shown: OvnRouterPort | undefined): OvnRouterPort => {
    const name = textOf(row, 'name') ?? '';
    const ids = itemsIn(row, 'gateway_chassis');
    let gatewayChassis: OvnGatewayChassis[] = [];
    if (gcTable !== undefined) {
      for (const id of ids) {
        const gc = gcRows.get(id);
        used.add(id);
        if (gc !== undefined) gatewayChassis.push(chassisOf(gc));
        else
          ctx.warnings.push(
            rowIssue(
              ctx.tables.get('Logical_Router_Port') ?? gcTable,
              row,
              'gateway_chassis',
              `router port ${name}: gateway chassis ${id} is not in ${gcTable.file}`,
            ),
          );
      }
    } else if (ids.length > 0) {
      gatewayChassis = shown?.gatewayChassis ?? [];
      if (gatewayChassis.length === 0) {
        const t = ctx.tables.get('Logical_Router_Port');
        if (t !== undefined)
          ctx.warnings.push(
            rowIssue(
              t,
              row,
              'gateway_chassis',
              `router port ${name} has gateway chassis, but Gateway_Chassis was not captured (nb-Gateway_Chassis.txt or nb.json)`,
            ),
          );
      }
    }
    const group = textOf(row, 'ha_chassis_group');
    const groupRow = group === null ? undefined : groups.get(group);
    return {
      name,
      uuid: uuidOf(row),
      mac: textOf(row, 'mac') ?? '',
      networks: itemsIn(row, 'networks'),
      gatewayChassis: gatewayChassis.sort(highestFirst),
      haChassisGroup: groupRow === undefined ? group : (textOf(groupRow, 'name') ?? group),
      peer: textOf(row, 'peer'),
      options: mapIn(row, 'options'),
      externalIds: mapIn(row, 'external_ids'),
      enabled: booleanOf(row, 'enabled'),
    };
  };
  const fromShow = (port: OvnRouterPort): OvnRouterPort => {
    if (gcTable === undefined) return port;
    // ovn-nbctl names a Gateway_Chassis row "<port>-<chassis>" (kube-ovn does the same).
    const gatewayChassis = port.gatewayChassis.map((gc) => {
      const row = gcByName.get(`${port.name}-${gc.chassis}`);
      const id = row === undefined ? null : uuidOf(row);
      if (row === undefined || id === null) return gc;
      used.add(id);
      return chassisOf(row);
    });
    return { ...port, gatewayChassis: gatewayChassis.sort(highestFirst) };
  };
  return {
    fromRow,
    fromShow,
    finish: () => warnUnreferenced(ctx, 'Gateway_Chassis', used, 'belongs to no router port the snapshot shows'),
  };
}
