import type { InterfaceAddress, NetInterface } from '@hookpath/model';
import { added, byKey, changed, diffKeyed, removed, unionKeys, type StructuralChange } from './change';

/** The link attributes that change forwarding: state, enslavement, MTU, addressing, peer. */
const FIELDS: readonly { field: string; value: (i: NetInterface) => string }[] = [
  { field: 'kind', value: (i) => i.kind },
  { field: 'state', value: (i) => (i.flags.includes('UP') ? 'UP' : 'DOWN') },
  { field: 'operstate', value: (i) => i.operState ?? '-' },
  { field: 'master', value: (i) => i.master ?? '-' },
  { field: 'mtu', value: (i) => (i.mtu === undefined ? '-' : String(i.mtu)) },
  { field: 'mac', value: (i) => i.mac ?? '-' },
  { field: 'link', value: (i) => i.link ?? '-' },
  { field: 'macvlan-mode', value: (i) => i.macvlanMode ?? '-' },
  { field: 'flags', value: (i) => [...i.flags].sort().join(',') },
];

const linkLine = (i: NetInterface): string =>
  `${i.ifindex}: ${i.name}${i.link === undefined ? '' : `@${i.link}`} <${i.flags.join(',')}>${i.mtu === undefined ? '' : ` mtu ${i.mtu}`}${i.master === undefined ? '' : ` master ${i.master}`} ${i.kind}`;

const addressText = (a: InterfaceAddress): string =>
  [
    a.family,
    `${a.address}/${a.prefixLen}`,
    ...(a.peer === undefined ? [] : ['peer', a.peer]),
    ...(a.broadcast === undefined ? [] : ['brd', a.broadcast]),
    'scope',
    a.scope,
    ...(a.secondary ? ['secondary'] : []),
    ...a.flags.filter((f) => f !== 'secondary'),
  ].join(' ');

function diffAddresses(
  host: string,
  iface: string,
  base: readonly InterfaceAddress[],
  target: readonly InterfaceAddress[],
): StructuralChange[] {
  const key = (a: InterfaceAddress): string => `${a.address}/${a.prefixLen}`;
  return diffKeyed(byKey(base, key), byKey(target, key), addressText, {
    added: (k, a) => [added('address.added', { host, iface, key: k }, addressText(a))],
    removed: (k, a) => [removed('address.removed', { host, iface, key: k }, addressText(a))],
    changed: (k, b, t) => [changed('address.changed', { host, iface, key: k }, addressText(b), addressText(t))],
  });
}

/** Interfaces of one host by name, then their addresses (an added interface lists its addresses as added). */
export function diffInterfaces(
  host: string,
  base: readonly NetInterface[] | null,
  target: readonly NetInterface[] | null,
): StructuralChange[] {
  const out: StructuralChange[] = [];
  const b = byKey(base ?? [], (i) => i.name);
  const t = byKey(target ?? [], (i) => i.name);
  for (const name of unionKeys(b.keys(), t.keys())) {
    const bi = b.get(name);
    const ti = t.get(name);
    if (bi === undefined && ti !== undefined) out.push(added('interface.added', { host, iface: name }, linkLine(ti)));
    if (bi !== undefined && ti === undefined) out.push(removed('interface.removed', { host, iface: name }, linkLine(bi)));
    if (bi !== undefined && ti !== undefined) {
      for (const { field, value } of FIELDS) {
        if (value(bi) !== value(ti)) out.push(changed('interface.changed', { host, iface: name, field }, value(bi), value(ti)));
      }
    }
    out.push(...diffAddresses(host, name, bi?.addresses ?? [], ti?.addresses ?? []));
  }
  return out;
}
