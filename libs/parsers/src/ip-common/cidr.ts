import type { AddressFamily } from '@hookpath/model';

/** `inet6` when the address is an IPv6 literal, `inet` otherwise. */
export function familyOf(address: string): AddressFamily {
  return address.includes(':') ? 'inet6' : 'inet';
}

/**
 * CIDR form of a prefix as iproute2 prints it: host routes and host selectors are printed without
 * their length (`10.12.192.44`), which is `/32` (or `/128` for IPv6). `default`, `all` stay as they are.
 */
export function toCidr(prefix: string): string {
  if (prefix === 'default' || prefix === 'all' || prefix.includes('/')) return prefix;
  return `${prefix}/${familyOf(prefix) === 'inet6' ? 128 : 32}`;
}

/** CIDR from an address and an optional length (JSON prints `srclen`/`dstlen` only when not a host length). */
export function cidrFromParts(address: string, length: number | undefined): string {
  if (address === 'all' || address === 'default') return address;
  return length === undefined ? toCidr(address) : `${address}/${length}`;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** True for a dotted-quad IPv4 address or an IPv6 literal (iproute2 never prints names here). */
export function isIpAddress(text: string): boolean {
  const v4 = IPV4.exec(text);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':');
}

/** True for an address optionally followed by `/len` within the family's bounds. */
export function isPrefix(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  if (!isIpAddress(address)) return false;
  if (slash === -1) return true;
  const length = text.slice(slash + 1);
  if (!/^\d+$/.test(length)) return false;
  return Number(length) <= (familyOf(address) === 'inet6' ? 128 : 32);
}
