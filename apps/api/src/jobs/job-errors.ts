import { ApiException } from '../errors/api.exception';

export function jobNotFound(id: string, resource: string): ApiException {
  return new ApiException('JOB_NOT_FOUND', `no ${resource} job with id ${JSON.stringify(id)}`, {
    fix: 'GET /api/v1/jobs lists the jobs (a job of another kind is at /api/v1/jobs/<id>)',
  });
}

export function snapshotNotFound(id: string, field: string): ApiException {
  return new ApiException('SNAPSHOT_NOT_FOUND', `${field}: no snapshot with id ${JSON.stringify(id)}`, {
    fix: 'GET /api/v1/snapshots lists the stored snapshots',
  });
}

export function idempotencyKeyReused(key: string, jobId: string): ApiException {
  return new ApiException(
    'IDEMPOTENCY_KEY_REUSED',
    `Idempotency-Key ${JSON.stringify(key)} already names job ${jobId}, created from a different request`,
    {
      fix: 'send a new Idempotency-Key for a different request, or resend the original request unchanged',
    },
  );
}
