/** Test support: `ip addr show` text for small hand-made hosts, in the exact layout iproute2 prints. */
export interface IfaceSpec {
  name: string;
  addrs: string[];
  /** `secondary` addresses follow the primary of their subnet. */
  secondary?: string[];
}

export function ipAddrText(ifaces: IfaceSpec[]): string {
  const lines = [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
    '    inet 127.0.0.1/8 scope host lo',
    '       valid_lft forever preferred_lft forever',
  ];
  ifaces.forEach((iface, i) => {
    const index = i + 2;
    const mac = `02:00:00:00:${index.toString(16).padStart(2, '0')}:${(iface.name.length + index).toString(16).padStart(2, '0')}`;
    lines.push(`${index}: ${iface.name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000`);
    lines.push(`    link/ether ${mac} brd ff:ff:ff:ff:ff:ff`);
    for (const a of iface.addrs) lines.push(`    inet ${a} scope global ${iface.name}`, '       valid_lft forever preferred_lft forever');
    for (const a of iface.secondary ?? [])
      lines.push(`    inet ${a} scope global secondary ${iface.name}`, '       valid_lft forever preferred_lft forever');
  });
  return `${lines.join('\n')}\n`;
}

/** The local-table and kernel routes `ip route show table all` prints for those addresses, plus `extra`. */
export function ipRouteText(ifaces: IfaceSpec[], extra: string[]): string {
  const lines = [...extra];
  for (const iface of ifaces) {
    for (const a of iface.addrs) {
      const [address, len] = a.split('/');
      const n = Number(len);
      if (n < 32) {
        const parts = (address ?? '').split('.').map(Number);
        const value = (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
        const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
        const net = (value & mask) >>> 0;
        const text = [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.');
        lines.push(`${text}/${n} dev ${iface.name} proto kernel scope link src ${address} `);
      }
      lines.push(`local ${address} dev ${iface.name} table local proto kernel scope host src ${address} `);
    }
  }
  lines.push(
    'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
    'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
  );
  return `${lines.join('\n')}\n`;
}

export const DEFAULT_RULES = '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';
