import type { Host, SnapshotModel } from '@hookpath/model';
import type { CapturedHost, ReportSnapshot } from './report-document';

type CapturedArea = 'interfaces' | 'routes' | 'rules' | 'sysctls' | 'iptables' | 'ipsets' | 'conntrack' | 'ipvs' | 'neighbours' | 'fdb';

/** What each of a host's captures is called in a report (the command that prints it). */
export const CAPTURED_AREAS: readonly { area: CapturedArea; name: string }[] = [
  { area: 'interfaces', name: 'ip addr' },
  { area: 'routes', name: 'ip route' },
  { area: 'rules', name: 'ip rule' },
  { area: 'sysctls', name: 'sysctl' },
  { area: 'iptables', name: 'iptables' },
  { area: 'ipsets', name: 'ipset' },
  { area: 'conntrack', name: 'conntrack' },
  { area: 'ipvs', name: 'ipvsadm' },
  { area: 'neighbours', name: 'ip neigh' },
  { area: 'fdb', name: 'bridge fdb' },
];

function capturedHost(host: Host): CapturedHost {
  const prefix = `hosts/${host.name}/`;
  return {
    name: host.name,
    role: host.meta.role ?? null,
    files: host.files.map((f) => (f.startsWith(prefix) ? f.slice(prefix.length) : f)).sort(),
    notCaptured: CAPTURED_AREAS.filter(({ area }) => host[area] === null).map(({ name }) => name),
  };
}

/** The snapshot as a report keeps it: names, capture time, and what was captured where. */
export function snapshotSummary(model: SnapshotModel, ref: { id: string; name: string }): ReportSnapshot {
  return {
    id: ref.id,
    name: ref.name,
    cluster: model.meta.cluster ?? null,
    capturedAt: model.meta.capturedAt ?? null,
    hosts: model.hosts.map((h) => h.name),
    captured: {
      ovn: model.ovn !== undefined && model.ovn !== null,
      k8s: model.kube !== undefined,
      hosts: model.hosts.map(capturedHost),
    },
  };
}
