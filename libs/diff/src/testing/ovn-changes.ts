import type { StructuralChange } from '../structural/change';

/** Test support: a change as one comparable row: kind, place.ovn, place.field, before, after. */
export const changeRows = (changes: readonly StructuralChange[]): (string | null)[][] =>
  changes.map((c) => [c.kind, c.place.ovn ?? null, c.place.field ?? null, c.before ?? null, c.after ?? null]);
