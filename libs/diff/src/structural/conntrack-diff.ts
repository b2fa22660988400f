import type { ConntrackEntry, ConntrackTuple } from '@hookpath/model';
import { added, byKey, changed, diffKeyed, removed, type StructuralChange } from './change';

function tupleText(t: ConntrackTuple): string {
  const parts = [`src=${t.src}`, `dst=${t.dst}`];
  if (t.sport !== undefined) parts.push(`sport=${t.sport}`);
  if (t.dport !== undefined) parts.push(`dport=${t.dport}`);
  if (t.type !== undefined) parts.push(`type=${t.type}`);
  if (t.code !== undefined) parts.push(`code=${t.code}`);
  if (t.id !== undefined) parts.push(`id=${t.id}`);
  return parts.join(' ');
}

/** A connection is its original-direction tuple (in its zone): what a new packet is looked up by. */
export const conntrackKey = (e: ConntrackEntry): string =>
  `${e.protocol} ${tupleText(e.original)}${e.zone === undefined ? '' : ` zone=${e.zone}`}`;

/**
 * What decides how later packets are handled: the reply tuple (it carries the NAT binding), the
 * state and the mark. Timeouts, counters and use counts change every second and are ignored.
 */
const meaning = (e: ConntrackEntry): string =>
  [tupleText(e.reply), e.state ?? '', e.unreplied ? '[UNREPLIED]' : '', e.assured ? '[ASSURED]' : '', `mark=${e.mark ?? 0}`]
    .filter((p) => p !== '')
    .join(' ');

/** Conntrack entries of one host by original tuple. */
export function diffConntrack(
  host: string,
  base: readonly ConntrackEntry[] | null,
  target: readonly ConntrackEntry[] | null,
): StructuralChange[] {
  return diffKeyed(byKey(base ?? [], conntrackKey), byKey(target ?? [], conntrackKey), meaning, {
    added: (key, e) => [added('conntrack.added', { host, key, line: { target: e.line } }, e.text)],
    removed: (key, e) => [removed('conntrack.removed', { host, key, line: { base: e.line } }, e.text)],
    changed: (key, b, t) => [changed('conntrack.changed', { host, key, line: { base: b.line, target: t.line } }, b.text, t.text)],
  });
}
