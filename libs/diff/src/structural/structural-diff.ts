import type { Host, SnapshotModel } from '@hookpath/model';
import { added, removed, unionKeys, type StructuralChange } from './change';
import { diffConntrack } from './conntrack-diff';
import { diffInterfaces } from './interface-diff';
import { diffIpsets } from './ipset-diff';
import { diffIptables } from './iptables-diff';
import { diffIpvs } from './ipvs-diff';
import { diffNatTable } from './nat-table-diff';
import { diffOvn } from './ovn-diff';
import { diffIpRules, diffRoutes } from './route-diff';
import { diffSysctls } from './sysctl-diff';

export interface StructuralDiff {
  hosts: { added: string[]; removed: string[]; changed: string[] };
  /**
   * Every change, in a fixed order: hosts by name (per host: iptables, ipsets, routes, ip rules,
   * interfaces and addresses, sysctls, conntrack, IPVS), then OVN.
   */
  changes: StructuralChange[];
  /** The engine's NAT view (nat-table): translations that exist on one side only. A view of `changes`, not part of it. */
  nat: StructuralChange[];
}

type CapturedField = 'interfaces' | 'routes' | 'rules' | 'sysctls' | 'iptables' | 'ipsets' | 'conntrack' | 'ipvs';
const CAPTURED: readonly CapturedField[] = ['iptables', 'ipsets', 'routes', 'rules', 'interfaces', 'sysctls', 'conntrack', 'ipvs'];

/** "Not captured" is not "empty": a file captured on one side only is reported before its content. */
function captureChanges(name: string, b: Host, t: Host): StructuralChange[] {
  const out: StructuralChange[] = [];
  for (const field of CAPTURED) {
    if (b[field] === null && t[field] !== null) out.push(added('capture.added', { host: name, field }, `${field} captured`));
    if (b[field] !== null && t[field] === null) out.push(removed('capture.removed', { host: name, field }, `${field} captured`));
  }
  return out;
}

function diffHost(b: Host, t: Host): StructuralChange[] {
  const name = t.name;
  return [
    ...captureChanges(name, b, t),
    ...diffIptables(name, b.iptables, t.iptables),
    ...diffIpsets(name, b.ipsets, t.ipsets),
    ...diffRoutes(name, b.routes, t.routes),
    ...diffIpRules(name, b.rules, t.rules),
    ...diffInterfaces(name, b.interfaces, t.interfaces),
    ...diffSysctls(name, b.sysctls, t.sysctls),
    ...diffConntrack(name, b.conntrack, t.conntrack),
    ...diffIpvs(name, b.ipvs, t.ipvs),
  ];
}

/** What differs between two snapshots, host by host and in OVN; deterministic for the same inputs. */
export function structuralDiff(base: SnapshotModel, target: SnapshotModel): StructuralDiff {
  const b = new Map(base.hosts.map((h) => [h.name, h]));
  const t = new Map(target.hosts.map((h) => [h.name, h]));
  const hosts: StructuralDiff['hosts'] = { added: [], removed: [], changed: [] };
  const changes: StructuralChange[] = [];
  for (const name of unionKeys(b.keys(), t.keys())) {
    const bh = b.get(name);
    const th = t.get(name);
    if (bh === undefined && th !== undefined) {
      hosts.added.push(name);
      changes.push(added('host.added', { host: name }, th.meta.role === undefined ? name : `${name} (${th.meta.role})`));
    } else if (bh !== undefined && th === undefined) {
      hosts.removed.push(name);
      changes.push(removed('host.removed', { host: name }, bh.meta.role === undefined ? name : `${name} (${bh.meta.role})`));
    } else if (bh !== undefined && th !== undefined) {
      const host = diffHost(bh, th);
      if (host.length > 0) hosts.changed.push(name);
      changes.push(...host);
    }
  }
  changes.push(...diffOvn(base.ovn, target.ovn));
  return { hosts, changes, nat: diffNatTable(base, target) };
}
