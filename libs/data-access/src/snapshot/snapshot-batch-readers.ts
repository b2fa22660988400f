import type { PrismaClient } from '../generated/prisma/client';
import { decodeCursor, encodeCursor, InvalidCursorError, pageSize, type Page } from '../cursor';
import { toChainRecord, toHostRecord, toRuleRecord } from './row-mappers';
import { NAT_TARGETS, type ChainRecord, type HostRecord, type RuleRecord } from './snapshot-records';

function groupBy<T>(ids: readonly string[], rows: T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return ids.map((id) => groups.get(id) ?? []);
}

/** Hosts of each snapshot, in snapshot order; one query for every id (DataLoader batch). */
export async function hostsBySnapshotIds(client: PrismaClient, ids: readonly string[]): Promise<HostRecord[][]> {
  const rows = await client.host.findMany({
    where: { snapshotId: { in: [...new Set(ids)] } },
    orderBy: [{ snapshotId: 'asc' }, { ordinal: 'asc' }],
  });
  return groupBy(ids, rows.map(toHostRecord), (h) => h.snapshotId);
}

/** Chains of each host: tables in ruleset order, chains in table order. */
export async function chainsByHostIds(client: PrismaClient, ids: readonly string[]): Promise<ChainRecord[][]> {
  const rows = await client.iptablesChain.findMany({
    where: { hostId: { in: [...new Set(ids)] } },
    orderBy: [{ hostId: 'asc' }, { ordinal: 'asc' }],
  });
  return groupBy(ids, rows.map(toChainRecord), (c) => c.hostId);
}

/** Rule positions are a Postgres integer: no rule follows this one. */
const MAX_RULE_POSITION = 2_147_483_647;

export function encodeRuleCursor(position: number): string {
  return encodeCursor('rule', [String(position)]);
}

export function decodeRuleCursor(cursor: string): number {
  const [text] = decodeCursor('rule', cursor, 1);
  const position = Number(text);
  if (!Number.isInteger(position) || position < 0) throw new InvalidCursorError(cursor);
  return position;
}

/**
 * A page of rules for each chain. Positions inside a chain are 1..n without gaps, so "the next
 * `first` rules after position p" is the window p < position <= p + first, for every chain at
 * once, in a single query; the extra row says whether there is a next page.
 */
export async function rulesByChainIds(
  client: PrismaClient,
  ids: readonly string[],
  first?: number | null,
  after?: string | null,
): Promise<Page<RuleRecord>[]> {
  const size = pageSize(first);
  const from = after === undefined || after === null ? 0 : decodeRuleCursor(after);
  if (from >= MAX_RULE_POSITION) return ids.map(() => ({ items: [], endCursor: null, hasNextPage: false }));
  const rows = await client.iptablesRule.findMany({
    where: { chainId: { in: [...new Set(ids)] }, position: { gt: from, lte: Math.min(from + size + 1, MAX_RULE_POSITION) } },
    orderBy: [{ chainId: 'asc' }, { position: 'asc' }],
  });
  return groupBy(ids, rows.map(toRuleRecord), (r) => r.chainId).map((rules) => {
    const items = rules.slice(0, size);
    const last = items[items.length - 1];
    return {
      items,
      endCursor: last === undefined ? null : encodeRuleCursor(last.position),
      hasNextPage: rules.length > size,
    };
  });
}

/** Rules of each host whose target is DNAT, SNAT, MASQUERADE or REDIRECT, in ruleset order. */
export async function natRulesByHostIds(client: PrismaClient, ids: readonly string[]): Promise<RuleRecord[][]> {
  const rows = await client.iptablesRule.findMany({
    where: { hostId: { in: [...new Set(ids)] }, target: { in: [...NAT_TARGETS] } },
    orderBy: [{ hostId: 'asc' }, { chainRef: { ordinal: 'asc' } }, { position: 'asc' }],
  });
  return groupBy(ids, rows.map(toRuleRecord), (r) => r.hostId);
}
