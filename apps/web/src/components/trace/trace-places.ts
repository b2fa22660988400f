import { pathHops } from '@hookpath/report';
import type { TopologyHighlight } from '../topology/TopologyView';
import type { StepKind, Trace } from './trace-types';

// Step kinds only a Linux host has: an OVN datapath (or the edge of the snapshot) shows none of them.
const LINUX_KINDS: ReadonlySet<StepKind> = new Set<StepKind>([
  'netfilter',
  'conntrack',
  'routing',
  'rp_filter',
  'bridge',
  'ipvs',
  'deliver',
]);

/** The Linux hosts a direction crosses, in the order it first reaches them. */
export function linuxHosts(trace: Trace): string[] {
  const hosts: string[] = [];
  for (const step of trace.steps) if (LINUX_KINDS.has(step.kind) && !hosts.includes(step.host)) hosts.push(step.host);
  return hosts;
}

/**
 * The places a direction crosses in order, as the topology names them: a Linux host's interfaces as
 * `<host>:<iface>` where the packet enters or leaves, other places (OVN datapaths) by name; and the
 * place where it stopped.
 */
export function topologyHighlight(trace: Trace): TopologyHighlight {
  const linux = new Set(linuxHosts(trace));
  const nodes: string[] = [];
  for (const step of trace.steps) {
    const place = step.kind === 'interface' && step.iface !== undefined && linux.has(step.host) ? `${step.host}:${step.iface}` : step.host;
    if (nodes[nodes.length - 1] !== place) nodes.push(place);
  }
  const stopped = pathHops(trace).find((h) => h.stopped);
  return { nodes, ...(stopped === undefined ? {} : { dropAt: stopped.place }) };
}
