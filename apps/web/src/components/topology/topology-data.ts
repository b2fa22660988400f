import { useEffect, useState } from 'react';
import { CombinedError, useClient, type Client } from 'urql';
import { graphql } from '../../gql';
import type { TopologyHostsQuery, TopologyOvnRoutersQuery, TopologyOvnSwitchesQuery, TopologySwitchPortsQuery } from '../../gql/graphql';

// The snapshot's wires (veth links and segment members): drawn here, and shown beside a host's interfaces.
export const TopologyWiringFragment = graphql(`
  fragment TopologyWiring on Topology {
    links {
      a {
        host
        iface
      }
      b {
        host
        iface
      }
    }
    segments {
      name
      members {
        host
        iface
      }
    }
  }
`);

const TopologyHostsQueryDoc = graphql(`
  query TopologyHosts($id: ID!) {
    snapshot(id: $id) {
      id
      topology {
        ...TopologyWiring
      }
      hosts {
        name
        role
        node
        interfaces {
          name
          kind
          link
          master
          addresses {
            address
            prefixLen
            family
          }
        }
      }
    }
  }
`);

// Switches and routers are read apart: together, at the API's largest page, they pass the query cost limit.
const TopologyOvnSwitchesQueryDoc = graphql(`
  query TopologyOvnSwitches($id: ID!, $first: Int!) {
    snapshot(id: $id) {
      id
      ovn {
        switches(first: $first) {
          name
          portCount
          owner {
            kind
            name
          }
        }
      }
    }
  }
`);

const TopologyOvnRoutersQueryDoc = graphql(`
  query TopologyOvnRouters($id: ID!, $first: Int!) {
    snapshot(id: $id) {
      id
      ovn {
        routers(first: $first) {
          name
          owner {
            kind
            name
          }
          ports {
            name
            peer
            networks
          }
        }
      }
    }
  }
`);

const TopologyOvnCountsQueryDoc = graphql(`
  query TopologyOvnCounts($id: ID!) {
    snapshot(id: $id) {
      id
      ovn {
        switchCount
        routerCount
      }
    }
  }
`);

const TopologySwitchPortsQueryDoc = graphql(`
  query TopologySwitchPorts($id: ID!, $name: String!, $first: Int!) {
    snapshot(id: $id) {
      id
      ovn {
        switches(name: $name, first: 1) {
          name
          ports(first: $first) {
            name
            type
            routerPort
            localnet
            networkName
            boundInterface {
              host
              iface
            }
          }
        }
      }
    }
  }
`);

type Snap<Q> = Q extends { snapshot?: infer S } ? NonNullable<S> : never;
export type TopologyHostsData = Snap<TopologyHostsQuery>;
export type OvnSwitchSummary = NonNullable<Snap<TopologyOvnSwitchesQuery>['ovn']>['switches'][number];
export type OvnRouterSummary = NonNullable<Snap<TopologyOvnRoutersQuery>['ovn']>['routers'][number];
export interface OvnIndex {
  switches: OvnSwitchSummary[];
  routers: OvnRouterSummary[];
}
export type OvnSwitchPorts = NonNullable<Snap<TopologySwitchPortsQuery>['ovn']>['switches'][number]['ports'];

/** What the topology is drawn from: hosts and wiring, and the OVN switches and routers with their ports. */
export interface TopologyData {
  hosts: TopologyHostsData['hosts'];
  topology: TopologyHostsData['topology'];
  ovn: OvnIndex | null;
  /** Ports per switch name. */
  ports: Map<string, OvnSwitchPorts>;
  /** Lists the API cut (more than it returns in one list). */
  truncated: string[];
}

/** The API's largest OVN list, and a cost that keeps a port page under the query cost limit. */
const OVN_LIST_MAX = 1000;
const PARALLEL = 6;

function asError(error: unknown): CombinedError {
  return error instanceof CombinedError
    ? error
    : new CombinedError({ networkError: error instanceof Error ? error : new Error(String(error)) });
}

async function run<T>(promise: Promise<{ data?: T; error?: CombinedError }>): Promise<T> {
  const result = await promise;
  if (result.error !== undefined) throw result.error;
  if (result.data === undefined) throw new CombinedError({ networkError: new Error('empty GraphQL response') });
  return result.data;
}

async function loadTopology(client: Client, id: string): Promise<TopologyData | null> {
  const [hostsData, counts] = await Promise.all([
    run(client.query(TopologyHostsQueryDoc, { id }).toPromise()),
    run(client.query(TopologyOvnCountsQueryDoc, { id }).toPromise()),
  ]);
  const snapshot = hostsData.snapshot;
  if (snapshot === null || snapshot === undefined) return null;
  const truncated: string[] = [];
  const ports = new Map<string, OvnSwitchPorts>();
  let ovn: OvnIndex | null = null;
  const c = counts.snapshot?.ovn;
  if (c !== null && c !== undefined) {
    const switches = Math.max(1, Math.min(c.switchCount, OVN_LIST_MAX));
    const routers = Math.max(1, Math.min(c.routerCount, OVN_LIST_MAX));
    if (c.switchCount > OVN_LIST_MAX) truncated.push(`${c.switchCount} logical switches (the first ${OVN_LIST_MAX} drawn)`);
    if (c.routerCount > OVN_LIST_MAX) truncated.push(`${c.routerCount} logical routers (the first ${OVN_LIST_MAX} drawn)`);
    const [sw, rt] = await Promise.all([
      run(client.query(TopologyOvnSwitchesQueryDoc, { id, first: switches }).toPromise()),
      run(client.query(TopologyOvnRoutersQueryDoc, { id, first: routers }).toPromise()),
    ]);
    ovn = { switches: sw.snapshot?.ovn?.switches ?? [], routers: rt.snapshot?.ovn?.routers ?? [] };
    const queue = ovn.switches.filter((s) => s.portCount > 0);
    const worker = async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        const first = Math.min(s.portCount, OVN_LIST_MAX);
        if (s.portCount > OVN_LIST_MAX) truncated.push(`switch ${s.name}: ${s.portCount} ports (the first ${OVN_LIST_MAX} drawn)`);
        const data = await run(client.query(TopologySwitchPortsQueryDoc, { id, name: s.name, first }).toPromise());
        ports.set(s.name, data.snapshot?.ovn?.switches[0]?.ports ?? []);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  }
  return { hosts: snapshot.hosts, topology: snapshot.topology, ovn, ports, truncated };
}

export interface TopologyLoad {
  data: TopologyData | null | undefined;
  error: CombinedError | null;
}

/** The snapshot's topology as the view needs it; `data` is undefined while loading, null for no snapshot. */
export function useTopologyData(snapshotId: string): TopologyLoad {
  const client = useClient();
  const [state, setState] = useState<{ id: string; load: TopologyLoad }>({ id: snapshotId, load: { data: undefined, error: null } });
  useEffect(() => {
    let live = true;
    loadTopology(client, snapshotId).then(
      (data) => live && setState({ id: snapshotId, load: { data, error: null } }),
      (error: unknown) => live && setState({ id: snapshotId, load: { data: undefined, error: asError(error) } }),
    );
    return () => {
      live = false;
    };
  }, [client, snapshotId]);
  return state.id === snapshotId ? state.load : { data: undefined, error: null };
}
