import type { Endpoint, Host, NetInterface, OvnBindings, OvnChassis, OvnPortBinding, ParseIssue, Topology } from '@hookpath/model';

/** The binding of one OVN port as a node's ovs-interfaces.json shows it. */
interface Found {
  port: string;
  endpoint: Endpoint;
  /** The node whose ovs-interfaces.json plugs it, and that file. */
  node: string;
  file: string;
}

const SBCTL_SHOW = 'ovn/sbctl-show.txt';
const key = (e: Endpoint): string => `${e.host}:${e.iface}`;
const warning = (file: string, message: string): ParseIssue => ({ file, line: 0, column: 0, message, text: '' });

/**
 * Where topology.yaml is silent, the OVN <-> host bindings derived from what was captured
 * (SNAPSHOT-LAYOUT.md, "Where OVN meets the Linux hosts"):
 *
 * - every interface of a node's `ovs-interfaces.json` with `external_ids:iface-id` = P: an OVS
 *   internal port (kube-ovn's `ovn0`) is the node's own interface of that name -> `[P, node:name]`;
 *   a veth end (`<id>_h`) leads to the interface of another host folder whose ifindex is the node
 *   end's peer index and whose peer index is the node end's ifindex (on that node, when the host's
 *   meta.yaml names one) -> `[P, host:iface]`. A peer that is missing or ambiguous is a warning,
 *   never a guess.
 * - every chassis of `ovn-sbctl show`: its hostname is a host folder's name, or the `node` a node
 *   host's meta.yaml names -> `chassis: host`.
 *
 * topology.yaml's own bindings win; derived ones only fill in the ports, interfaces and chassis it
 * does not mention, and are marked `source: 'derived'`. Pure: returns a new topology.
 */
export function deriveOvnBindings(
  topology: Topology,
  hosts: readonly Host[],
  chassis: readonly OvnChassis[] | null | undefined,
): { topology: Topology; warnings: ParseIssue[] } {
  const warnings: ParseIssue[] = [];
  const found = hosts.flatMap((node) => portsOfNode(node, hosts, warnings));
  const chassisHosts = chassisOfHosts(chassis ?? [], hosts, warnings);
  const given = topology.ovn;
  const givenPorts = new Map<string, Endpoint | null>((given?.ports ?? []).map((b) => [b.port, b.endpoint]));
  for (const l of given?.localnet ?? []) givenPorts.set(l.port, l.reaches.kind === 'endpoint' ? l.reaches.endpoint : null);
  const givenEndpoints = new Map<string, string>();
  for (const b of given?.ports ?? []) givenEndpoints.set(key(b.endpoint), b.port);
  for (const l of given?.localnet ?? []) if (l.reaches.kind === 'endpoint') givenEndpoints.set(key(l.reaches.endpoint), l.port);

  // A port plugged twice, or an interface claimed by two ports, is ambiguous: neither is bound.
  const byPort = groupBy(found, (f) => f.port);
  const byEndpoint = groupBy(found, (f) => key(f.endpoint));
  const derived: OvnPortBinding[] = [];
  const done = new Set<string>();
  for (const f of found) {
    if (done.has(f.port)) continue;
    done.add(f.port);
    const samePort = byPort.get(f.port) ?? [];
    if (samePort.length > 1) {
      warnings.push(
        warning(
          f.file,
          `OVN port ${f.port} is not bound: ${samePort.map((s) => `${s.file} leads to ${key(s.endpoint)}`).join(', ')}; bind it in topology.yaml ovn.ports`,
        ),
      );
      continue;
    }
    const sameEndpoint = byEndpoint.get(key(f.endpoint)) ?? [];
    if (sameEndpoint.length > 1) {
      warnings.push(
        warning(
          f.file,
          `OVN port ${f.port} is not bound: ${key(f.endpoint)} is the VIF of ${sameEndpoint.map((s) => s.port).join(' and ')}; bind it in topology.yaml ovn.ports`,
        ),
      );
      continue;
    }
    if (givenPorts.has(f.port)) {
      const there = givenPorts.get(f.port);
      if (there === null || there === undefined || key(there) !== key(f.endpoint)) {
        warnings.push(
          warning(
            f.file,
            `OVN port ${f.port}: topology.yaml binds it${there ? ` to ${key(there)}` : ''}, ${f.file} leads to ${key(f.endpoint)}; topology.yaml wins`,
          ),
        );
      }
      continue;
    }
    const other = givenEndpoints.get(key(f.endpoint));
    if (other !== undefined) {
      warnings.push(warning(f.file, `OVN port ${f.port} is not bound: topology.yaml binds ${key(f.endpoint)} to ${other}`));
      continue;
    }
    derived.push({ port: f.port, endpoint: f.endpoint, source: 'derived' });
  }

  const derivedChassis = Object.fromEntries([...chassisHosts].filter(([name]) => !(given?.chassis && name in given.chassis)));
  if (given === undefined && derived.length === 0 && Object.keys(derivedChassis).length === 0) return { topology, warnings };
  const ovn: OvnBindings = {
    ports: [...(given?.ports ?? []), ...derived],
    localnet: given?.localnet ?? [],
    chassis: { ...derivedChassis, ...(given?.chassis ?? {}) },
  };
  crossCheckChassis(derived, found, chassis ?? [], ovn.chassis, hosts, warnings);
  return { topology: { ...topology, ovn }, warnings };
}

/** The port bindings one node's ovs-interfaces.json shows. */
function portsOfNode(node: Host, hosts: readonly Host[], warnings: ParseIssue[]): Found[] {
  if (node.ovsInterfaces === undefined) return [];
  const file = node.files.find((f) => f.endsWith('/ovs-interfaces.json')) ?? `hosts/${node.name}/ovs-interfaces.json`;
  const found: Found[] = [];
  for (const ovs of node.ovsInterfaces) {
    const port = ovs.externalIds['iface-id'];
    if (port === undefined || port === '') continue;
    const own = node.interfaces?.find((i) => i.name === ovs.name);
    if (ovs.type === 'internal') {
      if (node.interfaces !== null && own === undefined) {
        warnings.push(
          warning(
            file,
            `OVN port ${port} is not bound: ${ovs.name} is an OVS internal port, but ${node.name}'s ip-link/ip-addr has no interface ${ovs.name}`,
          ),
        );
        continue;
      }
      found.push({ port, endpoint: { host: node.name, iface: ovs.name }, node: node.name, file });
      continue;
    }
    if (node.interfaces === null) {
      warnings.push(
        warning(
          file,
          `OVN port ${port} is not bound: ${node.name}'s ip-link/ip-addr was not captured, so the peer of ${ovs.name} is unknown`,
        ),
      );
      continue;
    }
    if (own === undefined) {
      warnings.push(warning(file, `OVN port ${port} is not bound: ${node.name} has no interface ${ovs.name}`));
      continue;
    }
    if (own.kind !== 'veth' || own.linkIndex === undefined) {
      warnings.push(
        warning(
          file,
          `OVN port ${port} is not bound: ${node.name}:${ovs.name} is not a veth with a known peer (kind ${own.kind}${own.linkIndex === undefined ? ', no peer index' : ''})`,
        ),
      );
      continue;
    }
    const peers = vethPeers(node, own, hosts);
    if (peers.length === 1 && peers[0] !== undefined) {
      found.push({ port, endpoint: peers[0], node: node.name, file });
    } else if (peers.length === 0) {
      warnings.push(
        warning(
          file,
          `OVN port ${port} is not bound: no captured host has the peer of ${node.name}:${ovs.name} (an interface with ifindex ${own.linkIndex} whose peer is ifindex ${own.ifindex})`,
        ),
      );
    } else {
      warnings.push(
        warning(
          file,
          `OVN port ${port} is not bound: the peer of ${node.name}:${ovs.name} (ifindex ${own.linkIndex}, peer ifindex ${own.ifindex}) is ambiguous: ${peers.map(key).join(', ')}; name the node in their meta.yaml or bind the port in topology.yaml ovn.ports`,
        ),
      );
    }
  }
  return found;
}

/** The interfaces of other hosts that can be the other end of a node's veth. */
function vethPeers(node: Host, end: NetInterface, hosts: readonly Host[]): Endpoint[] {
  const peers: Endpoint[] = [];
  for (const host of hosts) {
    if (host.name === node.name || host.interfaces === null) continue;
    if (host.meta.node !== undefined && host.meta.node !== node.name) continue;
    for (const i of host.interfaces) {
      if (i.ifindex === end.linkIndex && i.linkIndex === end.ifindex) peers.push({ host: host.name, iface: i.name });
    }
  }
  return peers;
}

/** Chassis -> host folder: the hostname is a folder's name, or the `node` a node host's meta.yaml names. */
function chassisOfHosts(chassis: readonly OvnChassis[], hosts: readonly Host[], warnings: ParseIssue[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const c of chassis) {
    const hostname = c.hostname;
    if (hostname === null || hostname === '') continue;
    if (hosts.some((h) => h.name === hostname)) {
      result.set(c.name, hostname);
      continue;
    }
    const named = hosts.filter((h) => h.meta.node === hostname && (h.meta.role === undefined || h.meta.role === 'node'));
    if (named.length === 1 && named[0] !== undefined) result.set(c.name, named[0].name);
    else if (named.length > 1) {
      warnings.push(
        warning(
          SBCTL_SHOW,
          `chassis ${c.name} is not mapped to a host: its hostname ${hostname} is the node of ${named.map((h) => h.name).join(', ')}; map it in topology.yaml ovn.chassis`,
        ),
      );
    }
  }
  return result;
}

/** A derived binding on one node whose port `ovn-sbctl show` binds to the chassis of another host is kept, with a warning. */
function crossCheckChassis(
  derived: readonly OvnPortBinding[],
  found: readonly Found[],
  chassis: readonly OvnChassis[],
  chassisHosts: Readonly<Record<string, string>>,
  hosts: readonly Host[],
  warnings: ParseIssue[],
): void {
  for (const b of derived) {
    const c = chassis.find((ch) => ch.ports.includes(b.port));
    const claimedOn = c === undefined ? undefined : chassisHosts[c.name];
    const f = found.find((x) => x.port === b.port);
    if (c === undefined || claimedOn === undefined || f === undefined) continue;
    const node = hosts.find((h) => h.name === b.endpoint.host)?.meta.node ?? f.node;
    if (claimedOn !== f.node && claimedOn !== node) {
      warnings.push(
        warning(
          SBCTL_SHOW,
          `OVN port ${b.port} is bound to chassis ${c.name} (host ${claimedOn}), but ${f.file} plugs it on ${f.node}; the binding is kept`,
        ),
      );
    }
  }
}

function groupBy<T>(items: readonly T[], by: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(by(item), [...(map.get(by(item)) ?? []), item]);
  return map;
}
