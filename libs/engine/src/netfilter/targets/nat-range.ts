import { parseIpv4 } from '../../net/ipv4';

/** An inclusive range as the rule wrote it: addresses in host order, or ports. */
export interface ValueRange {
  min: number;
  max: number;
  /** The range as written (`10.2.0.10-10.2.0.12`, `40000-40100`, `8080`). */
  text: string;
}

/** `--to-destination` / `--to-source`: `[ADDR[-ADDR]][:PORT[-PORT]]` (struct nf_nat_range2). */
export interface NatRange {
  /** NF_NAT_RANGE_MAP_IPS: null keeps the packet's address. */
  addresses: ValueRange | null;
  /** NF_NAT_RANGE_PROTO_SPECIFIED: null leaves the port to the kernel's rules. */
  ports: ValueRange | null;
}

function port(text: string): number | null {
  if (!/^[0-9]{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/** `8080` or `8080-8090`; null when unreadable or reversed. */
export function parsePorts(text: string): ValueRange | null {
  const [first, last] = text.split('-');
  const min = port(first ?? '');
  if (min === null) return null;
  if (last === undefined) return { min, max: min, text };
  const max = port(last);
  return max === null || max < min ? null : { min, max, text };
}

/** `10.0.0.1` or `10.0.0.1-10.0.0.9`; null when unreadable or reversed. */
function parseAddresses(text: string): ValueRange | null {
  const [first, last] = text.split('-');
  const min = parseIpv4(first ?? '');
  if (min === null) return null;
  if (last === undefined) return { min, max: min, text };
  const max = parseIpv4(last);
  return max === null || max < min ? null : { min, max, text };
}

export function parseNatRange(text: string): NatRange | null {
  const colon = text.indexOf(':');
  const addressText = colon < 0 ? text : text.slice(0, colon);
  const portText = colon < 0 ? '' : text.slice(colon + 1);
  const addresses = addressText === '' ? null : parseAddresses(addressText);
  if (addressText !== '' && addresses === null) return null;
  const ports = portText === '' ? null : parsePorts(portText);
  if (portText !== '' && ports === null) return null;
  if (addresses === null && ports === null) return null;
  return { addresses, ports };
}
