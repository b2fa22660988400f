import { InvalidCursorError } from '@hookpath/data-access';
import { GraphQLError } from 'graphql';

export const INVALID_CURSOR = 'INVALID_CURSOR';

/** Runs a page read; a malformed `after` becomes a client error with a stable code. */
export async function readPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new GraphQLError(error.message, {
        extensions: { code: INVALID_CURSOR, fix: 'pass an endCursor from a previous page, or omit `after` to start from the first page' },
      });
    }
    throw error;
  }
}
