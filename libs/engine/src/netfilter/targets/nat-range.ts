import { parseIpv4 } from '../../net/ipv4';

/** `--to-destination` / `--to-source`: `[ADDR[-ADDR]][:PORT[-PORT]]`. */
export interface NatRange {
  /** First address of the range; null keeps the packet's address. */
  address: string | null;
  /** The range as written, when it has more than one address. */
  addressRange: string | null;
  /** First port; null keeps the packet's port. */
  port: number | null;
  portRange: string | null;
}

function port(text: string): number | null {
  if (!/^[0-9]{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/** `8080` or `8080-8090` -> first and range text; null when unreadable. */
export function parsePorts(text: string): { port: number; range: string | null } | null {
  const [first, last] = text.split('-');
  const from = port(first ?? '');
  if (from === null) return null;
  if (last === undefined) return { port: from, range: null };
  const to = port(last);
  return to === null || to < from ? null : { port: from, range: text };
}

/**
 * The kernel picks an address and port inside the range (nf_nat_l4proto_unique_tuple and the
 * address hash); a trace takes the first of each, and says so when the range has more.
 */
export function parseNatRange(text: string): NatRange | null {
  const colon = text.indexOf(':');
  const addressText = colon < 0 ? text : text.slice(0, colon);
  const portText = colon < 0 ? '' : text.slice(colon + 1);
  let address: string | null = null;
  let addressRange: string | null = null;
  if (addressText !== '') {
    const [from, to] = addressText.split('-');
    if (parseIpv4(from ?? '') === null) return null;
    if (to !== undefined && parseIpv4(to) === null) return null;
    address = from as string;
    addressRange = to !== undefined && to !== from ? addressText : null;
  }
  let first: number | null = null;
  let portRange: string | null = null;
  if (portText !== '') {
    const ports = parsePorts(portText);
    if (ports === null) return null;
    first = ports.port;
    portRange = ports.range;
  }
  if (address === null && first === null) return null;
  return { address, addressRange, port: first, portRange };
}
