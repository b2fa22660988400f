import type { z } from 'zod';
import { ApiException } from '../errors/api.exception';

/** A batch of 100,000 bad flows would otherwise answer with a 100,000-line message. */
const MAX_LISTED_ISSUES = 50;

/**
 * Parses a job request or query string with its zod schema; a failure is a 400 INVALID_REQUEST
 * naming every issue by path (`body.flows.3.src: expected an IPv4 address (a.b.c.d)`;
 * `input.` in GraphQL).
 */
export function validateJobInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query' | 'input',
  fix?: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${[where, ...i.path.map(String)].join('.')}: ${i.message}`);
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  if (issues.length > listed.length) listed.push(`... and ${issues.length - listed.length} more`);
  throw new ApiException('INVALID_REQUEST', listed.join('; '), fix === undefined ? {} : { fix });
}
