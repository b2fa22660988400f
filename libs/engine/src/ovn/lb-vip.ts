import { parseIpv4 } from '../net/ipv4';

/** "ip:port", "[v6]:port" or "ip", as a Load_Balancer's `vips` column writes a VIP or a backend. */
export function vipParts(vip: string): { address: string; port: string | null } {
  const v6 = /^\[(.+)\](?::(\d+))?$/.exec(vip);
  if (v6 !== null) return { address: v6[1] ?? '', port: v6[2] ?? null };
  const colon = vip.lastIndexOf(':');
  if (colon > 0 && vip.indexOf(':') === colon) return { address: vip.slice(0, colon), port: vip.slice(colon + 1) };
  return { address: vip, port: null };
}

/** An IPv4 VIP or backend with its address as a number and its port (null without one); null for IPv6 or a bad port. */
export function ipv4Endpoint(text: string): { address: string; value: number; port: number | null } | null {
  const { address, port } = vipParts(text.trim());
  const value = parseIpv4(address);
  if (value === null) return null;
  if (port === null) return { address, value, port: null };
  const n = Number(port);
  return Number.isInteger(n) && n > 0 && n <= 65535 ? { address, value, port: n } : null;
}
