import type { Ipset } from '@hookpath/model';
import { added, byKey, changed, removed, unionKeys, type StructuralChange } from './change';

/** `initval` is the hash seed the kernel picks at creation: it says nothing about what the set matches. */
const IGNORED_OPTIONS: ReadonlySet<string> = new Set(['initval']);

const optionsText = (set: Ipset): string =>
  Object.keys(set.options)
    .filter((k) => !IGNORED_OPTIONS.has(k))
    .sort()
    .map((k) => (set.options[k] === true ? k : `${k} ${String(set.options[k])}`))
    .join(' ');

function header(set: Ipset): string {
  const opts = optionsText(set);
  return `create ${set.name} ${set.type}${set.family === undefined ? '' : ` family ${set.family}`}${opts === '' ? '' : ` ${opts}`}`;
}

/** A member as `ipset save` would add it; `nomatch` is part of its meaning. */
const memberText = (value: string, nomatch: boolean): string => (nomatch ? `${value} nomatch` : value);

function diffMembers(host: string, base: Ipset | undefined, target: Ipset | undefined): StructuralChange[] {
  const out: StructuralChange[] = [];
  const name = (target ?? base)?.name ?? '';
  const b = new Set((base?.members ?? []).map((m) => memberText(m.value, m.nomatch)));
  const t = new Set((target?.members ?? []).map((m) => memberText(m.value, m.nomatch)));
  for (const member of unionKeys(b, t)) {
    const place = { host, ipset: name, key: member };
    if (!b.has(member)) out.push(added('ipset.member.added', place, `add ${name} ${member}`));
    else if (!t.has(member)) out.push(removed('ipset.member.removed', place, `add ${name} ${member}`));
  }
  return out;
}

/** ipsets of one host: sets, their type and header options, members (counters and timeouts ignored). */
export function diffIpsets(host: string, base: readonly Ipset[] | null, target: readonly Ipset[] | null): StructuralChange[] {
  const out: StructuralChange[] = [];
  const b = byKey(base ?? [], (s) => s.name);
  const t = byKey(target ?? [], (s) => s.name);
  for (const name of unionKeys(b.keys(), t.keys())) {
    const bs = b.get(name);
    const ts = t.get(name);
    if (bs === undefined && ts !== undefined)
      out.push(added('ipset.set.added', { host, ipset: name, line: { target: ts.line } }, header(ts)));
    if (bs !== undefined && ts === undefined)
      out.push(removed('ipset.set.removed', { host, ipset: name, line: { base: bs.line } }, header(bs)));
    if (bs !== undefined && ts !== undefined) {
      const lines = { base: bs.line, target: ts.line };
      if (bs.type !== ts.type) out.push(changed('ipset.type-changed', { host, ipset: name, field: 'type', line: lines }, bs.type, ts.type));
      const bo = optionsText(bs);
      const to = optionsText(ts);
      if (bo !== to) out.push(changed('ipset.options-changed', { host, ipset: name, field: 'options', line: lines }, bo, to));
    }
    out.push(...diffMembers(host, bs, ts));
  }
  return out;
}
