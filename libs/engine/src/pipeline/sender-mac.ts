import { findInterface } from '../routing/addresses';
import { bridgeOf } from '../topology/bridge';
import type { CompiledSnapshot } from '../walk/compiled';

/**
 * The source MAC of a packet a trace starts with on `<host>:<iface>`: known only when
 * topology.yaml wires that interface to one peer that sends its own frames (a veth whose far end
 * is not a bridge port, which would pass on other stations' frames unchanged).
 */
export function arrivalMac(snapshot: CompiledSnapshot, host: string, iface: string): string | undefined {
  const attachment = snapshot.wiring.attachment(host, iface);
  if (attachment.kind !== 'link') return undefined;
  const peer = snapshot.hosts.get(attachment.peer.host);
  if (peer === undefined || bridgeOf(peer.host, attachment.peer.iface) !== null) return undefined;
  return findInterface(peer.host, attachment.peer.iface)?.mac?.toLowerCase();
}
