/** Exit statuses of the CLI (TRACE-CONTRACT.md): 0 ran, 2 bad arguments or unreadable snapshot, 1 internal. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** An error the user can act on; printed without a stack trace, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
