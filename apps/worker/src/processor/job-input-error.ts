/**
 * The job cannot succeed however often it runs (bad payload, unknown snapshot, a flow the snapshot
 * cannot place): it fails at once, without retries, and its code and message are stored for the user.
 */
export class JobInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'JobInputError';
  }
}
