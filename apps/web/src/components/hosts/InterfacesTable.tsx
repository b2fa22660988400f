import { Link } from '@tanstack/react-router';
import { graphql } from '../../gql';
import type { HostInterfaceFragment } from '../../gql/graphql';

export const HostInterfaceFields = graphql(`
  fragment HostInterface on NetInterface {
    name
    kind
    ifindex
    operState
    flags
    mtu
    mac
    master
    link
    linkNetnsId
    vlanId
    macvlanMode
    addresses {
      address
      prefixLen
      family
      scope
      secondary
    }
  }
`);

interface Endpoint {
  host: string;
  iface: string;
}

/** Where an interface is wired outside its host: the other end of its veth pair, or its segment. */
export type Wiring = Map<string, { peer?: Endpoint; segment?: string }>;

export function wiringOf(
  host: string,
  topology: { links: { a: Endpoint; b: Endpoint }[]; segments: { name: string; members: Endpoint[] }[] } | null | undefined,
): Wiring {
  const wiring: Wiring = new Map();
  for (const { a, b } of topology?.links ?? []) {
    if (a.host === host) wiring.set(a.iface, { ...wiring.get(a.iface), peer: b });
    if (b.host === host) wiring.set(b.iface, { ...wiring.get(b.iface), peer: a });
  }
  for (const s of topology?.segments ?? []) {
    for (const m of s.members) if (m.host === host) wiring.set(m.iface, { ...wiring.get(m.iface), segment: s.name });
  }
  return wiring;
}

/** The interfaces of a host as `ip -d addr` shows them: kind, addresses, MAC, master and link, and where topology.yaml wires them. */
export function InterfacesTable({ interfaces, wiring }: { interfaces: HostInterfaceFragment[] | null | undefined; wiring: Wiring }) {
  if (interfaces === null || interfaces === undefined) return <p className="muted">Not captured (no ip-addr file).</p>;
  return (
    <div className="table-scroll">
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Addresses</th>
            <th scope="col">MAC</th>
            <th scope="col">Master</th>
            <th scope="col">Link</th>
            <th scope="col">Wired to</th>
            <th scope="col">MTU</th>
          </tr>
        </thead>
        <tbody>
          {interfaces.map((i) => (
            <tr key={i.name}>
              <td className="mono">{i.name}</td>
              <td>
                {i.kind}
                {i.vlanId !== null && i.vlanId !== undefined && <span className="muted"> vlan {i.vlanId}</span>}
                {i.macvlanMode !== null && i.macvlanMode !== undefined && <span className="muted"> {i.macvlanMode}</span>}
              </td>
              <td>{i.operState ?? (i.flags.includes('UP') ? 'UP' : '—')}</td>
              <td className="mono">
                {i.addresses.length === 0
                  ? '—'
                  : i.addresses.map((a) => (
                      <div key={`${a.address}/${a.prefixLen}`} className={a.family === 'inet6' ? 'muted' : undefined}>
                        {a.address}/{a.prefixLen}
                        {a.secondary && <span className="muted"> secondary</span>}
                      </div>
                    ))}
              </td>
              <td className="mono">{i.mac ?? '—'}</td>
              <td className="mono">{i.master ?? '—'}</td>
              <td className="mono">
                {i.link ?? (i.linkNetnsId !== null && i.linkNetnsId !== undefined ? '(peer elsewhere)' : '—')}
                {i.linkNetnsId !== null && i.linkNetnsId !== undefined && <span className="muted"> netns {i.linkNetnsId}</span>}
              </td>
              <td>
                <WiredTo wired={wiring.get(i.name)} />
              </td>
              <td>{i.mtu ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WiredTo({ wired }: { wired: { peer?: Endpoint; segment?: string } | undefined }) {
  if (wired === undefined) return <span className="muted">—</span>;
  return (
    <>
      {wired.peer !== undefined && (
        <Link
          from="/snapshots/$snapshotId"
          to="."
          search={(prev) => ({ ...prev, host: wired.peer?.host, table: undefined, chain: undefined })}
          className="mono"
        >
          {wired.peer.host}:{wired.peer.iface}
        </Link>
      )}
      {wired.segment !== undefined && <span className="mono">segment {wired.segment}</span>}
    </>
  );
}
