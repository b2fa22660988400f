import { IPTABLES_TABLE_NAMES, type IptablesTableName } from '@hookpath/model';

/** What a file inside `hosts/<host>/` is, from its name (SNAPSHOT-LAYOUT.md). */
export type HostFileKind =
  | { kind: 'meta' }
  | { kind: 'ip-addr' | 'ip-link' | 'ip-route' | 'ip-rule'; format: 'json' | 'text' }
  | { kind: 'iptables-save' }
  | { kind: 'iptables-table'; table: IptablesTableName }
  | { kind: 'ipset' | 'sysctl' | 'conntrack' | 'ipvsadm' | 'bridge-fdb' | 'neigh' | 'ovs-interfaces' };

const FIXED: Record<string, HostFileKind> = {
  'meta.yaml': { kind: 'meta' },
  'iptables-save.txt': { kind: 'iptables-save' },
  'ipset.txt': { kind: 'ipset' },
  'sysctl.txt': { kind: 'sysctl' },
  'conntrack.txt': { kind: 'conntrack' },
  'ipvsadm.txt': { kind: 'ipvsadm' },
  'bridge-fdb.json': { kind: 'bridge-fdb' },
  'neigh.json': { kind: 'neigh' },
  'ovs-interfaces.json': { kind: 'ovs-interfaces' },
};

export function hostFileKind(name: string): HostFileKind | null {
  const fixed = FIXED[name];
  if (fixed) return fixed;
  const ip = /^(ip-addr|ip-link|ip-route|ip-rule)\.(json|txt)$/.exec(name);
  if (ip) {
    const kind = ip[1] as 'ip-addr' | 'ip-link' | 'ip-route' | 'ip-rule';
    return { kind, format: ip[2] === 'json' ? 'json' : 'text' };
  }
  const table = /^iptables-([a-z]+)\.txt$/.exec(name);
  if (table && (IPTABLES_TABLE_NAMES as readonly string[]).includes(table[1] ?? '')) {
    return { kind: 'iptables-table', table: table[1] as IptablesTableName };
  }
  return null;
}

/** A host's `iptables-save` output (`hosts/<host>/iptables-save.txt`), by the file's path in the snapshot. */
export function isIptablesSaveFile(path: string): boolean {
  const parts = path.split('/');
  return parts.length === 3 && parts[0] === 'hosts' && parts[2] === 'iptables-save.txt';
}
