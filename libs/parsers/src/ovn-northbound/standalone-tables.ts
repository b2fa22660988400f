import type { OvnAddressSet, OvnDhcpOptions, OvnStaticMacBinding } from '@hookpath/model';
import { booleanOf, itemsIn, mapIn, textOf, uuidOf, type BuildContext } from './nb-table';

/** Tables whose rows stand on their own: nothing owns them, they name what they refer to. */

export function addressSets(ctx: BuildContext): OvnAddressSet[] | undefined {
  return ctx.tables.get('Address_Set')?.rows.map((r) => ({
    uuid: uuidOf(r),
    name: textOf(r, 'name') ?? '',
    addresses: itemsIn(r, 'addresses'),
    externalIds: mapIn(r, 'external_ids'),
  }));
}

export function staticMacBindings(ctx: BuildContext): OvnStaticMacBinding[] | undefined {
  return ctx.tables.get('Static_MAC_Binding')?.rows.map((r) => ({
    uuid: uuidOf(r),
    logicalPort: textOf(r, 'logical_port') ?? '',
    ip: textOf(r, 'ip') ?? '',
    mac: textOf(r, 'mac') ?? '',
    overrideDynamicMac: booleanOf(r, 'override_dynamic_mac') ?? false,
  }));
}

export function dhcpOptions(ctx: BuildContext): OvnDhcpOptions[] | undefined {
  return ctx.tables.get('DHCP_Options')?.rows.map((r) => ({
    uuid: uuidOf(r),
    cidr: textOf(r, 'cidr') ?? '',
    options: mapIn(r, 'options'),
    externalIds: mapIn(r, 'external_ids'),
  }));
}
