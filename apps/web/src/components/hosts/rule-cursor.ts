// The API's rule cursors are opaque; today a cursor is base64url("rule:<position>"). When the cursor of
// a page proves to be exactly that, the rule list asks for any window of a chain directly (rule 50,000
// without reading the 499 pages before it); when it is not, pages are read in order, cursor by cursor.

function toBase64Url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  try {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    return atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    return null;
  }
}

/** Whether `cursor` is the position cursor of the rule at `position`. */
export function isPositionCursor(cursor: string | null, position: number): boolean {
  return cursor !== null && fromBase64Url(cursor) === `rule:${position}` && positionCursor(position) === cursor;
}

/** The cursor after which the rules at `position + 1`, ... follow. */
export function positionCursor(position: number): string {
  return toBase64Url(`rule:${position}`);
}
