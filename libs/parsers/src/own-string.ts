/**
 * A copy of `s` that keeps no larger string alive. V8 cuts a slice of 13 characters or more as a
 * view into the string it was cut from, so a name sliced out of a file's text and kept in the model
 * keeps the whole text in memory; the copy is a slice of a new string one character longer.
 */
export function ownString(s: string): string {
  return (' ' + s).slice(1);
}
