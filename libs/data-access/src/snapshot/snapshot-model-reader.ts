import type { Host, IptablesChain, IptablesRule, IptablesRuleset, SnapshotModel } from '@hookpath/model';
import type { PrismaClient } from '../generated/prisma/client';
import { fromJson } from '../json';
import { countersOf, targetOf, toChainRecord, toHostRecord } from './row-mappers';
import type { HostRecord } from './snapshot-records';

/** Hosts whose rules are read per query; bounds the rows one findMany returns. */
const HOSTS_PER_RULE_QUERY = 8;

function toModelHost(record: HostRecord, chains: IptablesChain[][] | null): Host {
  const { id, snapshotId, ordinal, iptables: header, ...host } = record;
  let iptables: IptablesRuleset | null = null;
  if (header !== null) {
    iptables = {
      format: header.format,
      tables: header.tables.map((name, i) => ({ name, chains: chains?.[i] ?? [] })),
    };
    if (header.backend !== undefined) iptables.backend = header.backend;
    if (header.version !== undefined) iptables.version = header.version;
  }
  return { ...host, iptables };
}

async function rulesByChain(client: PrismaClient, hostIds: string[]): Promise<Map<string, IptablesRule[]>> {
  const byChain = new Map<string, IptablesRule[]>();
  for (let i = 0; i < hostIds.length; i += HOSTS_PER_RULE_QUERY) {
    const rows = await client.iptablesRule.findMany({
      where: { hostId: { in: hostIds.slice(i, i + HOSTS_PER_RULE_QUERY) } },
      select: {
        chainId: true,
        position: true,
        text: true,
        line: true,
        packets: true,
        bytes: true,
        matches: true,
        target: true,
        targetKind: true,
        targetOptions: true,
      },
      orderBy: [{ chainId: 'asc' }, { position: 'asc' }],
    });
    for (const row of rows) {
      const rule: IptablesRule = {
        position: row.position,
        text: row.text,
        line: row.line,
        matches: fromJson(row.matches),
        target: targetOf(row),
      };
      const counters = countersOf(row.packets, row.bytes);
      if (counters !== undefined) rule.counters = counters;
      let list = byChain.get(row.chainId);
      if (list === undefined) byChain.set(row.chainId, (list = []));
      list.push(rule);
    }
  }
  return byChain;
}

/** Reassembles the SnapshotModel that was stored; null when the snapshot does not exist. */
export async function readSnapshotModel(client: PrismaClient, id: string): Promise<SnapshotModel | null> {
  const snapshot = await client.snapshot.findUnique({ where: { id } });
  if (snapshot === null) return null;
  const hostRows = await client.host.findMany({ where: { snapshotId: id }, orderBy: { ordinal: 'asc' } });
  const hosts = hostRows.map(toHostRecord);
  const hostIds = hosts.filter((h) => h.iptables !== null).map((h) => h.id);
  const chainRows = await client.iptablesChain.findMany({
    where: { hostId: { in: hostIds } },
    orderBy: [{ hostId: 'asc' }, { ordinal: 'asc' }],
  });
  const rules = await rulesByChain(client, hostIds);
  const chainsByHost = new Map<string, Map<string, IptablesChain[]>>();
  for (const row of chainRows) {
    const record = toChainRecord(row);
    const chain: IptablesChain = {
      name: record.name,
      builtin: record.builtin,
      policy: record.policy,
      rules: rules.get(record.id) ?? [],
    };
    if (record.counters !== undefined) chain.counters = record.counters;
    let byTable = chainsByHost.get(record.hostId);
    if (byTable === undefined) chainsByHost.set(record.hostId, (byTable = new Map()));
    let list = byTable.get(record.table);
    if (list === undefined) byTable.set(record.table, (list = []));
    list.push(chain);
  }
  return {
    meta: fromJson(snapshot.meta),
    topology: fromJson(snapshot.topology),
    hosts: hosts.map((h) => {
      const byTable = chainsByHost.get(h.id);
      const tables = h.iptables?.tables.map((t) => byTable?.get(t) ?? []) ?? null;
      return toModelHost(h, tables);
    }),
    rawOnly: snapshot.rawOnly,
    warnings: fromJson(snapshot.warnings),
    ...(snapshot.ovn === null ? {} : { ovn: fromJson(snapshot.ovn) }),
    ...(snapshot.kube === null ? {} : { kube: fromJson(snapshot.kube) }),
  };
}
