/** Why a flow's outcome differs between two snapshots: the first point where its traces diverge. */

export type CauseKind =
  | 'rule'
  | 'policy'
  | 'route'
  | 'policy-rule'
  | 'address'
  | 'interface'
  | 'sysctl'
  | 'conntrack'
  | 'ipvs'
  | 'ovn'
  | 'bridge'
  | 'ipset'
  | 'path'
  | 'error';

export interface Cause {
  kind: CauseKind;
  /** The host the cause is on ('' for OVN objects and for flows that could not be traced). */
  host: string;
  description: string;
  /** The cause as the base snapshot has it (the rule text, the route, the trace step), when it has it. */
  base?: string;
  /** The same in the target snapshot. */
  target?: string;
}

/** A stable identity for grouping: flows with equal keys share a cause. */
export const causeKey = (c: Cause): string => JSON.stringify([c.kind, c.host, c.description, c.base ?? null, c.target ?? null]);
