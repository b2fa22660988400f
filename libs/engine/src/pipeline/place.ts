import type { CompiledSnapshot } from '../walk/compiled';
import { TraceRequestError } from '../trace/trace-request-error';

export type Place = { kind: 'originate'; host: string } | { kind: 'arrive'; host: string; iface: string } | { kind: 'ovn'; port: string };

const HOST = /^[A-Za-z0-9._-]+$/;

/** `ovn:<logical-switch-port>`: the snapshot must have an OVN database with that port. */
function ovnPlace(snapshot: CompiledSnapshot, place: string): Place {
  const port = place.slice('ovn:'.length);
  const ovn = snapshot.ovn;
  if (ovn === null)
    throw new TraceRequestError(
      'UNSUPPORTED_PLACE',
      `place "${place}": the snapshot has no ovn/ northbound data (ovn/nbctl-show.txt, ovn/nb.json)`,
    );
  if (port === '') throw new TraceRequestError('BAD_PLACE', `place "${place}": the logical switch port name after "ovn:" is empty`);
  const ref = ovn.switchPorts.get(port);
  if (ref === undefined || ref.port.type === 'router') {
    const known = [...ovn.switchPorts.values()]
      .filter((r) => r.port.type !== 'router')
      .map((r) => r.port.name)
      .sort()
      .join(', ');
    throw new TraceRequestError(
      'UNKNOWN_INTERFACE',
      `place "${place}": no logical switch port "${port}" a packet can enter by (ports: ${known})`,
    );
  }
  return { kind: 'ovn', port };
}

/** SNAPSHOT-LAYOUT.md "Naming a place": `<host>`, `<host>:<iface>` or `ovn:<logical-switch-port>`. */
export function parsePlace(snapshot: CompiledSnapshot, place: string): Place {
  if (place.startsWith('ovn:')) return ovnPlace(snapshot, place);
  const colon = place.indexOf(':');
  const host = colon < 0 ? place : place.slice(0, colon);
  if (!HOST.test(host)) throw new TraceRequestError('BAD_PLACE', `place "${place}": expected <host> or <host>:<iface>`);
  const node = snapshot.hosts.get(host);
  if (node === undefined) {
    const known = [...snapshot.hosts.keys()].sort().join(', ');
    throw new TraceRequestError(
      'UNKNOWN_HOST',
      `place "${place}": the snapshot has no host "${host}" (hosts: ${known === '' ? 'none' : known})`,
    );
  }
  if (colon < 0) return { kind: 'originate', host };
  const iface = place.slice(colon + 1);
  if (iface === '') throw new TraceRequestError('BAD_PLACE', `place "${place}": the interface name after ":" is empty`);
  const interfaces = node.host.interfaces;
  if (interfaces !== null && !interfaces.some((i) => i.name === iface)) {
    throw new TraceRequestError(
      'UNKNOWN_INTERFACE',
      `place "${place}": host ${host} has no interface "${iface}" (interfaces: ${interfaces.map((i) => i.name).join(', ')})`,
    );
  }
  return { kind: 'arrive', host, iface };
}
