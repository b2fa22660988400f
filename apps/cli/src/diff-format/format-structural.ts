import type { ChangePlace, Sides, StructuralChange, StructuralDiff } from '@hookpath/diff';
import type { Paint } from '../trace-format';

/** The heading of OVN changes, which belong to no host. */
export const OVN_GROUP = 'OVN';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `12`, or `12→15` when the item moved between the two snapshots. */
function sides(value: Sides<number> | undefined): string | null {
  if (value === undefined) return null;
  const { base, target } = value;
  if (base !== undefined && target !== undefined) return base === target ? String(base) : `${base}→${target}`;
  const one = base ?? target;
  return one === undefined ? null : String(one);
}

/**
 * `nat EXCLUSIVE_DNAT #1 (line 15)`: where the item is, host left out (it heads the group). The key
 * is left out when the item's own text already shows it (a route's destination, an ipset member).
 */
export function formatPlace(place: ChangePlace, shown: string): string {
  const parts: string[] = [];
  if (place.table !== undefined) parts.push(place.table);
  if (place.chain !== undefined) parts.push(place.chain);
  const position = sides(place.position);
  if (position !== null) parts.push(`#${position}`);
  if (place.ipset !== undefined) parts.push(`ipset ${place.ipset}`);
  if (place.iface !== undefined) parts.push(place.iface);
  if (place.ovn !== undefined) parts.push(place.ovn);
  if (place.field !== undefined) parts.push(place.field);
  if (place.key !== undefined && !shown.includes(place.key)) parts.push(place.key);
  const line = sides(place.line);
  if (line !== null) parts.push(`(line ${line})`);
  return parts.join(' ');
}

/** One change: `+` added, `-` removed, `~` changed (before and after on their own lines). */
function formatChange(change: StructuralChange, paint: Paint): string[] {
  const { before, after } = change;
  const kind = paint('dim', change.kind);
  if (before === undefined && after !== undefined)
    return [`  ${paint('green', '+')} ${kind} ${formatPlace(change.place, after)}: ${paint('green', after)}`];
  if (before !== undefined && after === undefined)
    return [`  ${paint('red', '-')} ${kind} ${formatPlace(change.place, before)}: ${paint('red', before)}`];
  const place = formatPlace(change.place, `${before ?? ''}\n${after ?? ''}`);
  return [
    `  ${paint('yellow', '~')} ${kind} ${place}`,
    `      ${paint('red', `- ${before ?? ''}`)}`,
    `      ${paint('green', `+ ${after ?? ''}`)}`,
  ];
}

/** Changes under one heading per host, in the diff's order (hosts by name, then OVN). */
export function groupByHost(changes: readonly StructuralChange[]): Map<string, StructuralChange[]> {
  const groups = new Map<string, StructuralChange[]>();
  for (const change of changes) {
    const name = change.place.host ?? OVN_GROUP;
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [change]);
    else group.push(change);
  }
  return groups;
}

/** The structural section: a summary line, then each host's (and OVN's) changes. */
export function formatStructural(diff: StructuralDiff, paint: Paint): string[] {
  if (diff.changes.length === 0) return [`${paint('bold', 'structural')} no changes`];
  const groups = groupByHost(diff.changes);
  const hostCount = [...groups.keys()].filter((name) => name !== OVN_GROUP).length;
  const where = [...(hostCount > 0 ? [`on ${plural(hostCount, 'host')}`] : []), ...(groups.has(OVN_GROUP) ? ['in OVN'] : [])].join(' and ');
  const extras = [
    ...(diff.hosts.added.length > 0 ? [`added ${diff.hosts.added.join(', ')}`] : []),
    ...(diff.hosts.removed.length > 0 ? [`removed ${diff.hosts.removed.join(', ')}`] : []),
  ];
  const lines = [
    `${paint('bold', 'structural')} ${plural(diff.changes.length, 'change')} ${where}${extras.length > 0 ? ` (hosts ${extras.join('; ')})` : ''}`,
  ];
  for (const [name, changes] of groups) {
    lines.push(paint('bold', name));
    for (const change of changes) lines.push(...formatChange(change, paint));
  }
  return lines;
}
