import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';

/**
 * `-m limit` and `-m hashlimit`: token buckets whose state is not in a snapshot. A trace follows
 * one packet, taken to be within the limit (a bucket starts full): `--limit` and
 * `--hashlimit-upto` match, with a note in the explanation; `--hashlimit-above` does not.
 */
export function compileLimitMatch(match: RuleMatch): CompiledMatch {
  const option = (name: string): string | undefined => match.options.find((o) => o.name === name)?.values[0];
  if (match.module === 'hashlimit' && option('hashlimit-above') !== undefined) {
    return { module: match.module, test: () => NO, describe: () => '' };
  }
  let rate: string;
  if (match.module === 'limit') {
    const burst = option('limit-burst');
    rate = `--limit ${option('limit') ?? '3/hour'}${burst !== undefined ? ` --limit-burst ${burst}` : ''}`;
  } else {
    rate = `--hashlimit-upto ${option('hashlimit-upto') ?? option('hashlimit') ?? '?'}`;
  }
  const text = `rate limit ${rate} assumed not exceeded (the bucket state is not in the snapshot)`;
  return { module: match.module, test: () => YES, describe: () => text };
}
