/** A trace request the engine cannot run: the CLI prints the message and exits with status 2. */
export class TraceRequestError extends Error {
  constructor(
    readonly code: 'UNKNOWN_HOST' | 'UNKNOWN_INTERFACE' | 'BAD_PLACE' | 'UNSUPPORTED_PLACE' | 'BAD_PACKET',
    message: string,
  ) {
    super(message);
    this.name = 'TraceRequestError';
  }
}
