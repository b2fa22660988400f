import type { OvnAcl, OvnAclAttachment, OvnPortGroup } from '@hookpath/model';
import { booleanOf, integerOf, itemsIn, mapIn, matchOf, textOf, uuidOf, type BuildContext } from './nb-table';

/** A row that holds ACLs: a switch or a port group, by name, with its `acls` UUIDs. */
export interface AclHolder {
  kind: OvnAclAttachment['kind'];
  name: string;
  acls: readonly string[];
}

/** Port_Group rows; `portName` turns a Logical_Switch_Port UUID into its name (when captured). */
export function portGroups(ctx: BuildContext, portName: (uuid: string) => string): OvnPortGroup[] | undefined {
  return ctx.tables.get('Port_Group')?.rows.map((r) => ({
    uuid: uuidOf(r),
    name: textOf(r, 'name') ?? '',
    ports: itemsIn(r, 'ports').map(portName).sort(),
    acls: itemsIn(r, 'acls'),
    externalIds: mapIn(r, 'external_ids'),
  }));
}

/**
 * ACL rows with where they apply, the match as written and parsed. `tier` is 0 when the schema has no tier column (OVN before 23.09) or it is unset.
 */
export function acls(ctx: BuildContext, holders: readonly AclHolder[]): OvnAcl[] {
  const attached = new Map<string, OvnAclAttachment[]>();
  for (const h of holders) {
    for (const id of h.acls) attached.set(id, [...(attached.get(id) ?? []), { kind: h.kind, name: h.name }]);
  }
  return (ctx.tables.get('ACL')?.rows ?? []).map((r) => {
    const uuid = uuidOf(r);
    return {
      uuid,
      direction: textOf(r, 'direction') ?? '',
      priority: integerOf(r, 'priority'),
      match: textOf(r, 'match') ?? '',
      matchExpr: matchOf(ctx, 'ACL', r),
      action: textOf(r, 'action') ?? '',
      name: textOf(r, 'name'),
      tier: integerOf(r, 'tier') ?? 0,
      label: integerOf(r, 'label') ?? 0,
      log: booleanOf(r, 'log') ?? false,
      severity: textOf(r, 'severity'),
      options: mapIn(r, 'options'),
      externalIds: mapIn(r, 'external_ids'),
      appliesTo: uuid === null ? [] : (attached.get(uuid) ?? []),
    };
  });
}
