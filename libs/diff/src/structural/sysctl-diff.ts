import { added, changed, diffKeyed, removed, type StructuralChange } from './change';

/** `sysctl -a` of one host: key = value, old -> new. */
export function diffSysctls(host: string, base: Record<string, string> | null, target: Record<string, string> | null): StructuralChange[] {
  const map = (s: Record<string, string> | null): Map<string, string> => new Map(Object.entries(s ?? {}));
  const line = (key: string, value: string): string => `${key} = ${value}`;
  return diffKeyed(map(base), map(target), (v) => v, {
    added: (key, v) => [added('sysctl.added', { host, key }, line(key, v))],
    removed: (key, v) => [removed('sysctl.removed', { host, key }, line(key, v))],
    changed: (key, b, t) => [changed('sysctl.changed', { host, key }, b, t)],
  });
}
