/**
 * Address flags in the order iproute2 prints them (ipaddress.c `ifa_flag_data`). `dynamic` is printed
 * for an address without IFA_F_PERMANENT, `temporary` for an IPv6 address with IFA_F_SECONDARY.
 * `secondary` is kept in InterfaceAddress.secondary, the others in `flags`.
 */
export const ADDRESS_FLAGS: ReadonlySet<string> = new Set([
  'secondary',
  'temporary',
  'nodad',
  'optimistic',
  'dadfailed',
  'home',
  'deprecated',
  'tentative',
  'dynamic',
  'mngtmpaddr',
  'noprefixroute',
  'autojoin',
  'stable-privacy',
]);

/** Flag bits iproute2 has no name for, printed `flags 80` in text and `"ifa_flags": "80"` in JSON. */
export function unnamedFlags(hex: string): string {
  return `flags ${hex}`;
}
