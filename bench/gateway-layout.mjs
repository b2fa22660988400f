// The three-namespace layout the kube-proxy benchmarks trace through, written as a snapshot folder by
// hand (as `hookpath collect` would capture it) for runs without network namespaces:
//
//   cli 10.77.0.2 --eth0/c0-- [gw] --s0/eth0-- srv 10.78.0.2
//
// The gateway's iptables-save.txt is the rules text given; `routes.gateway` and `routes.server` are
// added to those hosts' `ip route show table all` (e.g. where Service endpoints live).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LO =
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n';
const link = (i, dev) =>
  `${i}: ${dev}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether 02:00:00:00:00:0${i} brd ff:ff:ff:ff:ff:ff\n`;
const inet = (cidr, dev) => `    inet ${cidr} scope global ${dev}\n       valid_lft forever preferred_lft forever\n`;

export function writeGatewayLayout(snapshotDir, names, rulesText, routes = {}) {
  const write = (host, file, text) => {
    mkdirSync(join(snapshotDir, 'hosts', host), { recursive: true });
    writeFileSync(join(snapshotDir, 'hosts', host, file), text);
  };
  const ends = { [names.cli]: { addr: '10.77.0.2/24', via: '10.77.0.1' }, [names.srv]: { addr: '10.78.0.2/24', via: '10.78.0.1' } };
  for (const [host, h] of Object.entries(ends)) {
    write(host, 'ip-addr.txt', `${LO}${link(2, 'eth0')}${inet(h.addr, 'eth0')}`);
    const net = h.addr.replace(/\.\d+\/24$/, '.0/24');
    const extra = host === names.srv ? (routes.server ?? []) : [];
    write(
      host,
      'ip-route.txt',
      [`default via ${h.via} dev eth0`, `${net} dev eth0 proto kernel scope link src ${h.addr.split('/')[0]}`, ...extra, ''].join('\n'),
    );
  }
  write(names.gw, 'ip-addr.txt', `${LO}${link(2, 'c0')}${inet('10.77.0.1/24', 'c0')}${link(3, 's0')}${inet('10.78.0.1/24', 's0')}`);
  write(
    names.gw,
    'ip-route.txt',
    [
      '10.77.0.0/24 dev c0 proto kernel scope link src 10.77.0.1',
      '10.78.0.0/24 dev s0 proto kernel scope link src 10.78.0.1',
      ...(routes.gateway ?? []),
      '',
    ].join('\n'),
  );
  write(names.gw, 'sysctl.txt', 'net.ipv4.ip_forward = 1\n');
  write(names.gw, 'iptables-save.txt', rulesText);
  writeFileSync(
    join(snapshotDir, 'topology.yaml'),
    `links:\n  - [${names.cli}:eth0, ${names.gw}:c0]\n  - [${names.gw}:s0, ${names.srv}:eth0]\n`,
  );
}
