import type { z } from 'zod';
import { JobInputError } from '../processor/job-input-error';

/** The stored request, checked again (it was checked by the API; a row written by hand may not be). */
export function storedRequest<T extends z.ZodType>(schema: T, request: unknown, jobId: string): z.infer<T> {
  const parsed = schema.safeParse(request);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${['request', ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
  throw new JobInputError('INVALID_REQUEST', `job ${jobId} has an invalid request: ${problems}`);
}
