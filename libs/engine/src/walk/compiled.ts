import type { Host, IptablesTableName, SnapshotModel } from '@hookpath/model';
import { connectionFromEntry, type Connection } from '../conntrack/connection';
import { ConntrackTable } from '../conntrack/conntrack-table';
import { conntrackRequired } from '../netfilter/conntrack-required';
import type { NetfilterEnvironment, TableInput, TableResult } from '../netfilter/table-evaluation';
import type { CompileCounts } from '../netfilter/compiled-types';
import { netfilterEnvironment } from '../netfilter/environment';
import { compileFib, type Fib } from '../routing/fib';
import { compileOvn } from '../ovn/compile-ovn';
import { ovnOwners } from '../ovn/owners';
import type { CompiledOvn } from '../ovn/compiled-ovn';
import { compileWiring, type Wiring } from '../topology/wiring';

/** How the pipeline evaluates one iptables table: compileNetfilter/evaluateTable behind one closure. */
export interface NetfilterBackend {
  compile(host: Host): (input: TableInput) => TableResult;
  /** What the hosts' evaluation compiled so far, when it counts. */
  readonly counts?: Readonly<CompileCounts>;
}

export interface CompiledHost {
  host: Host;
  /** Null when ip-route was not captured. */
  fib: Fib | null;
  env: NetfilterEnvironment;
  /** Null when the host has no iptables capture: no table runs. */
  evaluate: ((input: TableInput) => TableResult) | null;
  /** The tables the snapshot lists: only they are registered on the hooks. */
  tables: ReadonlySet<IptablesTableName>;
  /** Conntrack runs only once a rule needs it (oracle fact 3). */
  conntrackActive: boolean;
  /** The snapshot file conntrack entries came from, for evidence. */
  conntrackFile: string;
}

/** A snapshot prepared once for many traces. Immutable: traces copy what they change. */
export interface CompiledSnapshot {
  model: SnapshotModel;
  hosts: ReadonlyMap<string, CompiledHost>;
  wiring: Wiring;
  /** The OVN northbound database indexed for tracing; null when the snapshot has none. */
  ovn: CompiledOvn | null;
  conntrack: ReadonlyMap<string, ConntrackTable>;
  /** Ids for connections traces create start after the snapshot's. */
  firstConnectionId: number;
  /**
   * iptables rules compiled and long chains indexed so far (chains are compiled when a packet first
   * reaches them): a worker whose counts stop growing across a batch has compiled what it reaches.
   */
  readonly compiledSoFar: Readonly<CompileCounts>;
}

export function compileWith(model: SnapshotModel, backend: NetfilterBackend): CompiledSnapshot {
  const hosts = new Map<string, CompiledHost>();
  const conntrack = new Map<string, ConntrackTable>();
  let id = 1;
  for (const host of model.hosts) {
    const fib = compileFib(host);
    const conntrackFile = (host.files.find((f) => /\/conntrack\.txt$/.test(f)) ?? 'conntrack.txt').replace(/^hosts\/[^/]+\//, '');
    hosts.set(host.name, {
      host,
      fib,
      env: netfilterEnvironment(host, fib),
      evaluate: host.iptables === null ? null : backend.compile(host),
      tables: new Set((host.iptables?.tables ?? []).map((t) => t.name)),
      conntrackActive: conntrackRequired(host.iptables),
      conntrackFile,
    });
    const connections: Connection[] = [];
    for (const entry of host.conntrack ?? []) {
      const conn = connectionFromEntry(entry, id, conntrackFile);
      if (conn === null) continue;
      id++;
      connections.push(conn);
    }
    conntrack.set(host.name, new ConntrackTable(connections));
  }
  const ovn = model.ovn === undefined || model.ovn === null ? null : compileOvn(model.ovn, model.topology.ovn, ovnOwners(model));
  return {
    model,
    hosts,
    wiring: compileWiring(model.topology, model.hosts),
    ovn,
    conntrack,
    firstConnectionId: id,
    compiledSoFar: backend.counts ?? { rules: 0, indexes: 0 },
  };
}
