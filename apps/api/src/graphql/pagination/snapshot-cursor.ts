import type { SnapshotRecord } from '@hookpath/data-access';

/**
 * The cursor SnapshotRepository.list accepts as `after` for the snapshot following `snapshot`
 * (its position in createdAt desc, id desc order). The repository only returns the cursor of a
 * page's last item; edges need one per item, so this spells the same opaque format:
 * base64url of `snapshot:<createdAt ISO>|<id>`. The e2e test checks that the last edge's cursor
 * equals the repository's endCursor.
 */
export function snapshotCursor(snapshot: Pick<SnapshotRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(`snapshot:${snapshot.createdAt.toISOString()}|${snapshot.id}`, 'utf8').toString('base64url');
}
