import type { OvnAcl, OvnAclAttachment } from '@hookpath/model';
import { compareText, unionKeys, type StructuralChange } from '../change';
import { diffRows, mapText, valueText, type Family, type OvnSides } from './rows';

/** Where an ACL applies, as the parent of its changes: `logical_switch/<name>/acl`, `port_group/<name>/acl`, or `acl` when unknown. */
const parentOf = (a: OvnAclAttachment | null): string =>
  a === null ? 'acl' : a.kind === 'switch' ? `logical_switch/${a.name}/acl` : `port_group/${a.name}/acl`;

/**
 * ACL rows by direction, priority and match (`to-lport 2000 "ip4.src == $as && tcp"`) under what
 * they are attached to; an ACL in several `acls` columns is one row under each. Tier, label and
 * logging are columns: they change how the row acts, not which row it is.
 */
const ACLS: Family<OvnAcl> = {
  kind: 'acl',
  table: 'ACL',
  // The attachments come from the switches' and port groups' `acls` columns.
  deps: ['Logical_Switch', 'Port_Group'],
  key: (a) => `${a.direction} ${a.priority ?? '?'} "${a.match}"`,
  uuid: (a) => a.uuid,
  columns: [
    { name: 'action', text: (a) => a.action },
    { name: 'name', text: (a) => valueText(a.name) },
    { name: 'tier', text: (a) => (a.tier === undefined || a.tier === 0 ? '' : String(a.tier)) },
    { name: 'label', text: (a) => (a.label === undefined || a.label === 0 ? '' : String(a.label)) },
    { name: 'log', text: (a) => (a.log === true ? 'true' : '') },
    { name: 'severity', text: (a) => valueText(a.severity) },
    { name: 'options', text: (a) => mapText(a.options) },
  ],
};

function byParent(acls: readonly OvnAcl[]): Map<string, OvnAcl[]> {
  const out = new Map<string, OvnAcl[]>();
  for (const acl of acls) {
    const attachments = acl.appliesTo === undefined || acl.appliesTo.length === 0 ? [null] : acl.appliesTo;
    for (const a of attachments) out.set(parentOf(a), [...(out.get(parentOf(a)) ?? []), acl]);
  }
  return out;
}

/** ACLs, per switch and port group (both sorted by name), then those attached to nothing known. */
export function diffAcls(sides: OvnSides): StructuralChange[] {
  const b = byParent(sides.base.acls);
  const t = byParent(sides.target.acls);
  const parents = unionKeys(b.keys(), t.keys()).sort((x, y) => Number(x === 'acl') - Number(y === 'acl') || compareText(x, y));
  return parents.flatMap((parent) => diffRows(sides, ACLS, parent, b.get(parent) ?? [], t.get(parent) ?? []));
}
