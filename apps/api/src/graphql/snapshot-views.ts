import { hookPaths, natTable } from '@hookpath/engine';
import type { Host, IptablesChain, IptablesRule, SnapshotModel } from '@hookpath/model';
import type { HookEntryKindValue, HookPathType, HookValue } from './types/hook-path.type';
import type { IpvsForwardValue } from './types/ipvs.type';
import type { NatKindValue, NatTableType } from './types/nat-table.type';
import { ovnView, type OvnTopologySource } from './ovn/ovn-view';
import type { OvnDatapathKindValue, OvnPlacementValue } from './types/ovn-common.type';
import type { SnapshotModelCache } from '@hookpath/data-access';

function hostHookPaths(host: Host): HookPathType[] {
  return hookPaths(host).map((path) => ({
    host: path.host,
    hook: path.hook as HookValue,
    entries: path.entries.map((entry) => ({ ...entry, kind: entry.kind as HookEntryKindValue })),
  }));
}

function natTableOf(model: SnapshotModel): NatTableType {
  const table = natTable(model);
  return {
    rules: table.rules.map((rule) => ({ ...rule, kind: rule.kind as NatKindValue })),
    ipvs: table.ipvs.map(({ host, service }) => ({
      host,
      protocol: service.protocol,
      ...(service.address === undefined ? {} : { address: service.address }),
      ...(service.port === undefined ? {} : { port: service.port }),
      ...(service.fwmark === undefined ? {} : { fwmark: service.fwmark }),
      scheduler: service.scheduler,
      flags: service.flags,
      ...(service.persistent === undefined ? {} : { persistent: service.persistent }),
      realServers: service.realServers.map((server) => ({ ...server, forward: server.forward as IpvsForwardValue })),
    })),
    ovn: table.ovn.map((row) => ({
      ...row,
      datapathKind: row.datapathKind as OvnDatapathKindValue,
      placement: row.placement as OvnPlacementValue,
    })),
  };
}

/**
 * The engine's views (hook paths, NAT table) and other whole-model facts, computed on the snapshot
 * model read once per snapshot through the shared model cache.
 */
export class SnapshotViews {
  /** Keyed by the cached model object, so an entry lives exactly as long as its model stays cached. */
  private readonly natTables = new WeakMap<SnapshotModel, NatTableType>();
  private readonly ovnViews = new WeakMap<SnapshotModel, OvnTopologySource | null>();

  constructor(private readonly models: SnapshotModelCache) {}

  /** Hook paths of every host of the snapshot, or of the named host only. */
  async hookPaths(snapshotId: string, hostName?: string | null): Promise<HookPathType[]> {
    const model = await this.models.get(snapshotId);
    if (model === null) return [];
    const hosts = hostName === undefined || hostName === null ? model.hosts : model.hosts.filter((h) => h.name === hostName);
    return hosts.flatMap(hostHookPaths);
  }

  async natTable(snapshotId: string): Promise<NatTableType | null> {
    const model = await this.models.get(snapshotId);
    if (model === null) return null;
    let table = this.natTables.get(model);
    if (table === undefined) {
      table = natTableOf(model);
      this.natTables.set(model, table);
    }
    return table;
  }

  /** The OVN logical topology with the kube-ovn owner of each row; null when the snapshot has no ovn/. */
  async ovn(snapshotId: string): Promise<OvnTopologySource | null> {
    const model = await this.models.get(snapshotId);
    if (model === null) return null;
    let view = this.ovnViews.get(model);
    if (view === undefined) {
      view = ovnView(model);
      this.ovnViews.set(model, view);
    }
    return view;
  }

  /** A host's chains of one table, in table order; null when the snapshot, the host or the table is not there. */
  async chains(snapshotId: string, hostName: string, table: string): Promise<readonly IptablesChain[] | null> {
    const model = await this.models.get(snapshotId);
    const host = model?.hosts.find((h) => h.name === hostName);
    return host?.iptables?.tables.find((t) => t.name === table)?.chains ?? null;
  }

  /** Rules in a chain (without reading them); null when the chain is not in the snapshot. */
  async ruleCount(snapshotId: string, hostName: string, table: string, chain: string): Promise<number | null> {
    const found = (await this.chains(snapshotId, hostName, table))?.find((c) => c.name === chain);
    return found === undefined ? null : (found.ruleSource?.count ?? found.rules.length);
  }

  /**
   * The `size` rules of a chain after position `after` (1-based; 0: from the first), read from the
   * stored file for this page only (a chain of 100,000 rules is not parsed to show 20 of them);
   * null when the chain is not in the snapshot.
   */
  async rulePage(
    snapshotId: string,
    hostName: string,
    table: string,
    chain: string,
    after: number,
    size: number,
  ): Promise<{ rules: IptablesRule[]; hasNextPage: boolean } | null> {
    const found = (await this.chains(snapshotId, hostName, table))?.find((c) => c.name === chain);
    if (found === undefined) return null;
    const source = found.ruleSource;
    const count = source?.count ?? found.rules.length;
    const rules: IptablesRule[] = [];
    for (let i = after; i < Math.min(count, after + size); i++)
      rules.push(source === undefined ? (found.rules[i] as IptablesRule) : source.rule(i));
    return { rules, hasNextPage: after + size < count };
  }
}
