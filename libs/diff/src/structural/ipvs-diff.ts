import type { IpvsRealServer, IpvsService } from '@hookpath/model';
import { added, byKey, changed, diffKeyed, removed, unionKeys, type StructuralChange } from './change';

export const ipvsServiceKey = (s: IpvsService): string =>
  s.protocol === 'fwmark' ? `FWM ${s.fwmark ?? 0}` : `${s.protocol.toUpperCase()} ${s.address ?? '?'}:${s.port ?? 0}`;

const serviceText = (s: IpvsService): string =>
  [
    ipvsServiceKey(s),
    s.scheduler,
    ...s.flags,
    ...(s.persistent === undefined
      ? []
      : ['persistent', String(s.persistent.timeout), ...(s.persistent.netmask === undefined ? [] : ['mask', s.persistent.netmask])]),
  ].join(' ');

const serverKey = (r: IpvsRealServer): string => `${r.address}:${r.port}`;
const serverText = (r: IpvsRealServer): string => `-> ${serverKey(r)} ${r.forward} weight ${r.weight}`;

/** IPVS virtual services of one host and their real servers (connection counts ignored). */
export function diffIpvs(host: string, base: readonly IpvsService[] | null, target: readonly IpvsService[] | null): StructuralChange[] {
  const out: StructuralChange[] = [];
  const b = byKey(base ?? [], ipvsServiceKey);
  const t = byKey(target ?? [], ipvsServiceKey);
  for (const key of unionKeys(b.keys(), t.keys())) {
    const bs = b.get(key);
    const ts = t.get(key);
    const place = { host, key, line: { ...(bs === undefined ? {} : { base: bs.line }), ...(ts === undefined ? {} : { target: ts.line }) } };
    if (bs === undefined && ts !== undefined) out.push(added('ipvs.service.added', place, serviceText(ts)));
    if (bs !== undefined && ts === undefined) out.push(removed('ipvs.service.removed', place, serviceText(bs)));
    if (bs !== undefined && ts !== undefined && serviceText(bs) !== serviceText(ts))
      out.push(changed('ipvs.service.changed', place, serviceText(bs), serviceText(ts)));
    out.push(
      ...diffKeyed(byKey(bs?.realServers ?? [], serverKey), byKey(ts?.realServers ?? [], serverKey), serverText, {
        added: (k, r) => [added('ipvs.real-server.added', { host, key: `${key} -> ${k}` }, serverText(r))],
        removed: (k, r) => [removed('ipvs.real-server.removed', { host, key: `${key} -> ${k}` }, serverText(r))],
        changed: (k, br, tr) => [changed('ipvs.real-server.changed', { host, key: `${key} -> ${k}` }, serverText(br), serverText(tr))],
      }),
    );
  }
  return out;
}
