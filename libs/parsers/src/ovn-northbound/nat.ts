import type { OvnNat, OvnNatType } from '@hookpath/model';
import type { OvsdbRecord } from '../ovn-nbctl-list/parse-ovn-nbctl-list';
import { mapIn, rowIssue, rowsByUuid, textOf, uuidOf, type BuildContext } from './nb-table';

const NAT_TYPES: readonly string[] = ['snat', 'dnat', 'dnat_and_snat'];

/**
 * NAT rows, every column. `allowed_ext_ips`/`exempted_ext_ips` name their Address_Set and
 * `gateway_port` its router port when those tables were captured (their UUIDs otherwise).
 * A row with an unknown type is an error and yields null.
 */
export function natRows(ctx: BuildContext): (row: OvsdbRecord) => OvnNat | null {
  const table = ctx.tables.get('NAT');
  const sets = rowsByUuid(ctx, 'Address_Set');
  const ports = rowsByUuid(ctx, 'Logical_Router_Port');
  const named = (rows: Map<string, OvsdbRecord>, id: string | null): string | null => {
    const row = id === null ? undefined : rows.get(id);
    return row === undefined ? id : (textOf(row, 'name') ?? id);
  };
  return (r) => {
    const type = textOf(r, 'type') ?? '';
    if (!NAT_TYPES.includes(type)) {
      if (table !== undefined)
        ctx.errors.push(rowIssue(table, r, 'type', `NAT row has type ${JSON.stringify(type)} (snat, dnat, dnat_and_snat)`));
      return null;
    }
    return {
      uuid: uuidOf(r),
      type: type as OvnNatType,
      externalIp: textOf(r, 'external_ip') ?? '',
      logicalIp: textOf(r, 'logical_ip') ?? '',
      externalMac: textOf(r, 'external_mac'),
      logicalPort: textOf(r, 'logical_port'),
      options: mapIn(r, 'options'),
      gatewayPort: named(ports, textOf(r, 'gateway_port')),
      allowedExtIps: named(sets, textOf(r, 'allowed_ext_ips')),
      exemptedExtIps: named(sets, textOf(r, 'exempted_ext_ips')),
      externalPortRange: textOf(r, 'external_port_range') || null,
      externalIds: mapIn(r, 'external_ids'),
    };
  };
}
