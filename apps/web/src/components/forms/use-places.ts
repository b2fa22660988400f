import { useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';

// Switches × ports stay under the API's query cost limit; a larger OVN is offered in part (typing works).
const PlacesQuery = graphql(`
  query TracePlaces($id: ID!) {
    snapshot(id: $id) {
      id
      hosts {
        name
        role
        interfaces {
          name
          addresses {
            address
            family
          }
        }
      }
      ovn {
        switches(first: 40) {
          name
          ports(first: 45) {
            name
            type
            addresses
          }
        }
      }
    }
  }
`);

export interface PlaceOption {
  /** What `from` takes: `<host>`, `<host>:<iface>` or `ovn:<port>`. */
  value: string;
  label: string;
  /** The IPv4 addresses a packet from there would carry as its source. */
  addresses: string[];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Where a trace can start in a snapshot (hosts, their interfaces, OVN VIF ports) and the addresses seen there. */
export function usePlaces(snapshotId: string | undefined): { places: PlaceOption[]; addresses: string[]; fetching: boolean } {
  const [result] = useQuery({ query: PlacesQuery, variables: { id: snapshotId ?? '' }, pause: snapshotId === undefined });
  const snapshot = result.data?.snapshot ?? null;
  return useMemo(() => {
    const places: PlaceOption[] = [];
    for (const host of snapshot?.hosts ?? []) {
      const ifaces = (host.interfaces ?? []).filter((i) => i.name !== 'lo');
      const v4 = (i: (typeof ifaces)[number]) => i.addresses.filter((a) => a.family === 'inet').map((a) => a.address);
      places.push({ value: host.name, label: host.role === null ? 'host' : host.role, addresses: ifaces.flatMap(v4) });
      for (const iface of ifaces)
        places.push({ value: `${host.name}:${iface.name}`, label: `interface of ${host.name}`, addresses: v4(iface) });
    }
    for (const sw of snapshot?.ovn?.switches ?? []) {
      for (const port of sw.ports) {
        if (port.type !== '' && port.type !== 'localnet') continue;
        const addresses = port.addresses.flatMap((a) => a.split(/\s+/)).filter((a) => IPV4.test(a));
        places.push({ value: `ovn:${port.name}`, label: `OVN port on ${sw.name}`, addresses });
      }
    }
    const all = [...new Set(places.flatMap((p) => p.addresses))].sort();
    return { places, addresses: all, fetching: result.fetching };
  }, [snapshot, result.fetching]);
}
