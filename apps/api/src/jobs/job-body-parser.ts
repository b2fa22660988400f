import { jsonBodyParser } from '../errors/json-body-parser';
import { JOB_RESOURCES } from './job-query';

/** Paths whose JSON bodies are job requests (a batch of 100,000 flows is about 12 MiB). */
export const JOB_REQUEST_PATHS = Object.values(JOB_RESOURCES).map((resource) => `/${resource}`);

/**
 * The JSON parser of job requests, with their own limit (HOOKPATH_MAX_REQUEST_BYTES). Mounted on
 * JOB_REQUEST_PATHS ahead of the general JSON parser, which then leaves the parsed body alone.
 */
export function jobBodyParser(limitBytes: number) {
  return jsonBodyParser({
    bytes: limitBytes,
    what: 'the job request',
    fix: 'split the flows into several batches, use `generators` instead of listing flows, or raise HOOKPATH_MAX_REQUEST_BYTES',
  });
}
