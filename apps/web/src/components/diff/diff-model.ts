import type { FlowResult } from '../flows/flow-model';

// A diff job's result (libs/diff: StructuralDiff and BehaviouralDiff) as the portal reads it.

export interface StructuralChange {
  kind: string;
  place: {
    host?: string;
    table?: string;
    chain?: string;
    iface?: string;
    ipset?: string;
    field?: string;
    ovn?: string;
    key?: string;
    line?: { base?: number; target?: number };
  };
  before?: string;
  after?: string;
}

export interface Cause {
  kind: string;
  host: string;
  description: string;
  base?: string;
  target?: string;
}

export interface ChangedFlow {
  index: number;
  label?: string;
  from: string;
  changes: string[];
  base: FlowResult;
  target: FlowResult;
}

export interface CauseGroup {
  cause: Cause;
  flows: ChangedFlow[];
  count: number;
}

export interface DiffResultDoc {
  baseSnapshotId: string;
  targetSnapshotId: string;
  structural: { hosts: { added: string[]; removed: string[]; changed: string[] }; changes: StructuralChange[]; nat: StructuralChange[] };
  behavioural: { totals: { flows: number; unchanged: number; changed: number }; groups: CauseGroup[] };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function asDiffResult(value: unknown): DiffResultDoc | null {
  if (!isRecord(value) || !isRecord(value['structural']) || !isRecord(value['behavioural'])) return null;
  return value as unknown as DiffResultDoc;
}

// Which structural changes a cause of this kind can be: the `kind` prefixes of StructuralChange.
const AREAS: Record<string, readonly string[]> = {
  rule: ['iptables.'],
  policy: ['iptables.chain.policy'],
  route: ['route.'],
  'policy-rule': ['ip-rule.'],
  address: ['address.'],
  interface: ['interface.'],
  bridge: ['interface.'],
  sysctl: ['sysctl.'],
  conntrack: ['conntrack.'],
  ipvs: ['ipvs.'],
  ipset: ['ipset.'],
  ovn: ['ovn.'],
};

/**
 * The structural changes behind a cause: those whose text is the cause's base or target text, else
 * the changes of the cause's area on its host (for OVN, anywhere in OVN).
 */
export function relatedChanges(cause: Cause, changes: readonly StructuralChange[]): StructuralChange[] {
  const texts = [cause.base, cause.target].filter((t): t is string => t !== undefined && t !== '');
  const onHost = (c: StructuralChange) => (cause.host === '' ? c.place.host === undefined : c.place.host === cause.host);
  const exact = changes.filter(
    (c) => onHost(c) && ((c.before !== undefined && texts.includes(c.before)) || (c.after !== undefined && texts.includes(c.after))),
  );
  if (exact.length > 0) return exact;
  const areas = AREAS[cause.kind];
  if (areas === undefined) return [];
  return changes.filter((c) => onHost(c) && areas.some((a) => c.kind.startsWith(a)));
}

/** Where a change is, in words: `host nat/EXCLUSIVE_DNAT line 15`, `ovn logical_router/vpc1/nat/…`. */
export function changePlace(change: StructuralChange): string {
  const p = change.place;
  const parts: string[] = [];
  if (p.host !== undefined) parts.push(p.host);
  if (p.ovn !== undefined) parts.push(`ovn ${p.ovn}`);
  if (p.table !== undefined) parts.push(p.chain === undefined ? `table ${p.table}` : `${p.table}/${p.chain}`);
  if (p.iface !== undefined) parts.push(`dev ${p.iface}`);
  if (p.ipset !== undefined) parts.push(`set ${p.ipset}`);
  if (p.field !== undefined) parts.push(p.field);
  if (p.key !== undefined && p.ovn === undefined) parts.push(p.key);
  const line = p.line?.target ?? p.line?.base;
  if (line !== undefined) parts.push(`line ${line}`);
  return parts.join('  ');
}
