/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  /** Cursor of the last item; pass it as `after` to get the next page. Null when the page is empty. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export class InvalidCursorError extends Error {
  constructor(readonly cursor: string) {
    super(`invalid cursor ${JSON.stringify(cursor)}: pass an endCursor returned by a previous page`);
    this.name = 'InvalidCursorError';
  }
}

/** Clamps a requested page size to 1..MAX_PAGE_SIZE. */
export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null || !Number.isFinite(first)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(first)));
}

/** Opaque cursor: base64url of `<kind>:<parts joined by |>`. */
export function encodeCursor(kind: string, parts: readonly string[]): string {
  return Buffer.from(`${kind}:${parts.join('|')}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string, arity: number): string[] {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${kind}:`)) throw new InvalidCursorError(cursor);
  const parts = text.slice(kind.length + 1).split('|');
  if (parts.length !== arity || parts.some((p) => p === '')) throw new InvalidCursorError(cursor);
  return parts;
}

/** The cursor of a rule in its chain: its 1-based position. */
export function encodeRuleCursor(position: number): string {
  return encodeCursor('rule', [String(position)]);
}

export function decodeRuleCursor(cursor: string): number {
  const [text] = decodeCursor('rule', cursor, 1);
  const position = Number(text);
  if (!Number.isInteger(position) || position < 0) throw new InvalidCursorError(cursor);
  return position;
}
