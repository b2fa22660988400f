import type { FlowResultRecord, JobRecord } from '@hookpath/data-access';

// Per-edge cursors in the opaque format JobRepository accepts as `after` (it returns only the
// cursor of a page's last item): base64url of `job:<createdAt ISO>|<id>` and `flow:<index>`.

export function jobCursor(job: Pick<JobRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(`job:${job.createdAt.toISOString()}|${job.id}`, 'utf8').toString('base64url');
}

export function flowCursor(flow: Pick<FlowResultRecord, 'index'>): string {
  return Buffer.from(`flow:${flow.index}`, 'utf8').toString('base64url');
}
