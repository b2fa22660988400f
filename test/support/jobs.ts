import { join } from 'node:path';
import type { JobDto } from '@hookpath/contracts';
import type { SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { readFolder } from './archive';
import { ApiClient, type HttpResult } from './http';
import { EXAMPLES_DIR } from './paths';

export type JobResource = 'traces' | 'trace-batches' | 'diffs' | 'jobs';

/** `POST /api/v1/<resource>[?query]` with a JSON body (or a raw string) and, optionally, an Idempotency-Key. */
export function postJob<T = JobDto>(
  baseUrl: string,
  token: string,
  resource: Exclude<JobResource, 'jobs'>,
  body: unknown,
  options: { idempotencyKey?: string; query?: string } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey };
  const path = `/api/v1/${resource}${options.query ? `?${options.query}` : ''}`;
  return new ApiClient(baseUrl, token).postRaw<T>(
    path,
    typeof body === 'string' ? body : JSON.stringify(body),
    'application/json',
    headers,
  );
}

/** Uploads an example folder (JSON upload) and returns the snapshot id. */
export async function uploadExample(api: ApiClient, name: string): Promise<string> {
  const res = await api.postJson<{ id: string }>('/api/v1/snapshots', { name, files: await readFolder(join(EXAMPLES_DIR, name)) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload of ${name} answered ${res.status}: ${res.text}`);
  return res.body.id;
}

/** The example's model, parsed in-process as the CLI does (the reference for the worker's results). */
export async function exampleModel(name: string): Promise<SnapshotModel> {
  const files = await readSnapshotDirectory(join(EXAMPLES_DIR, name));
  return parseSnapshot(files).model;
}

/** Long-polls a job's Location until it has ended (or the time is up) and returns it. */
export async function waitForJob(api: ApiClient, location: string, timeoutSeconds = 60): Promise<JobDto> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const left = Math.max(1, Math.min(30, Math.ceil((deadline - Date.now()) / 1000)));
    const res: HttpResult<JobDto> = await api.get<JobDto>(`${location}?wait=${left}`);
    if (res.status !== 200) throw new Error(`GET ${location} answered ${res.status}: ${res.text}`);
    if (['completed', 'failed', 'cancelled'].includes(res.body.status) || Date.now() > deadline) return res.body;
  }
}

/** Submits a job and returns its Location and first answer, failing unless the API accepted it. */
export async function submitJob(
  api: ApiClient,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ location: string; job: JobDto; status: number }> {
  const res = await api.postJson<JobDto>(path, body, headers);
  if (res.status !== 202 && res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${res.text}`);
  const location = res.headers.get('location');
  if (location === null) throw new Error(`POST ${path} answered without a Location`);
  return { location, job: res.body, status: res.status };
}
