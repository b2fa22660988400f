/** IPv4 addresses as unsigned 32-bit numbers, and prefixes over them. */

export function parseIpv4(text: string): number | null {
  // A hand-rolled scan: routing and rule matching call this on every hop.
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (digits > 3 || octet > 255) return null;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0) return null;
  return (value * 256 + octet) >>> 0;
}

export function formatIpv4(value: number): string {
  const v = value >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export interface Prefix {
  /** Network address with the host bits cleared. */
  network: number;
  length: number;
  mask: number;
}

export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** `10.0.0.0/8`, `10.0.0.1` (a /32), or `default` / `all` / `any` (0.0.0.0/0); null if not IPv4. */
export function parsePrefix(text: string): Prefix | null {
  if (text === 'default' || text === 'all' || text === 'any') return { network: 0, length: 0, mask: 0 };
  const slash = text.indexOf('/');
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  if (address === null) return null;
  let length = 32;
  if (slash >= 0) {
    const suffix = text.slice(slash + 1);
    if (/^\d+$/.test(suffix)) {
      length = Number(suffix);
      if (length > 32) return null;
    } else {
      // iptables prints a non-contiguous mask as a dotted quad
      const mask = parseIpv4(suffix);
      if (mask === null) return null;
      return { network: (address & mask) >>> 0, length: popcount(mask), mask };
    }
  }
  const mask = maskOf(length);
  return { network: (address & mask) >>> 0, length, mask };
}

export function prefixContains(prefix: Prefix, address: number): boolean {
  return (address & prefix.mask) >>> 0 === prefix.network;
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatIpv4(prefix.network)}/${prefix.length}`;
}

function popcount(value: number): number {
  let v = value >>> 0;
  let count = 0;
  while (v !== 0) {
    count += v & 1;
    v >>>= 1;
  }
  return count;
}
