import type { OvsdbValue } from '../ovn-nbctl-list/ovsdb-value';

/**
 * An OVSDB datum in its JSON form (RFC 7047 5.1): an atom (string, number, boolean,
 * ["uuid", u], ["named-uuid", n]), ["set", [atom...]] or ["map", [[key, value]...]]. Returned as the
 * same OvsdbValue the `ovn-nbctl list` parser gives, so both sources feed one builder.
 */
export function ovsdbValueOfJson(datum: unknown): OvsdbValue | string {
  if (Array.isArray(datum) && datum[0] === 'set') {
    const items = datum[1];
    if (datum.length !== 2 || !Array.isArray(items)) return 'a set is ["set", [atom, ...]]';
    const atoms: string[] = [];
    for (const item of items) {
      const atom = atomOfJson(item);
      if (atom === null) return `not an OVSDB atom in a set: ${JSON.stringify(item)}`;
      atoms.push(atom);
    }
    return { kind: 'set', items: atoms };
  }
  if (Array.isArray(datum) && datum[0] === 'map') {
    const pairs = datum[1];
    if (datum.length !== 2 || !Array.isArray(pairs)) return 'a map is ["map", [[key, value], ...]]';
    const entries: Record<string, string> = {};
    for (const pair of pairs) {
      const key = Array.isArray(pair) && pair.length === 2 ? atomOfJson(pair[0]) : null;
      const value = Array.isArray(pair) && pair.length === 2 ? atomOfJson(pair[1]) : null;
      if (key === null || value === null) return `not a [key, value] pair of atoms in a map: ${JSON.stringify(pair)}`;
      entries[key] = value;
    }
    return { kind: 'map', entries };
  }
  const atom = atomOfJson(datum);
  return atom === null ? `not an OVSDB value: ${JSON.stringify(datum)}` : { kind: 'atom', value: atom };
}

function atomOfJson(atom: unknown): string | null {
  if (typeof atom === 'string') return atom;
  if (typeof atom === 'number' || typeof atom === 'boolean') return String(atom);
  if (Array.isArray(atom) && atom.length === 2 && (atom[0] === 'uuid' || atom[0] === 'named-uuid') && typeof atom[1] === 'string')
    return atom[1];
  return null;
}
