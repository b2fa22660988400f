import type { PrismaClient } from '../generated/prisma/client';
import { toHostRecord } from './row-mappers';
import type { HostRecord } from './snapshot-records';

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
