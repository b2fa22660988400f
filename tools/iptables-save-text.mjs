// Pieces of iptables-save text the generators share: kube-proxy's chain names and probabilities, and
// a table printed in iptables-save's order.
import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** kube-proxy's chain suffix: base32 of sha256(text), first 16 characters. */
export function chainHash(text) {
  const bytes = createHash('sha256').update(text).digest();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 16) break;
  }
  return out;
}

/** `--probability` as iptables-save prints it: the kernel stores round(p * 2^31). */
export const probability = (p) => (Math.round(p * 0x80000000) / 0x80000000).toFixed(11);

/** The rules of one table by chain, printed in iptables-save order: built-ins, then user chains sorted. */
export class Table {
  constructor(name, builtins) {
    this.name = name;
    this.builtins = builtins;
    this.chains = new Map(builtins.map((c) => [c, []]));
    this.count = 0;
  }

  chain(name) {
    if (!this.chains.has(name)) this.chains.set(name, []);
    return this.chains.get(name);
  }

  add(chain, rule) {
    this.chain(chain).push(`-A ${chain} ${rule}`);
    this.count++;
  }

  /**
   * The table's lines: a `*table`, chain declarations and rules. With `counter` (iptables-save -c), the
   * built-in chains' counters and each rule's `[packets:bytes]` prefix come from it; without, `[0:0]`
   * and bare rules.
   */
  lines(counter) {
    const users = [...this.chains.keys()].filter((c) => !this.builtins.includes(c)).sort();
    const out = [`*${this.name}`];
    for (const c of this.builtins) out.push(`:${c} ACCEPT [${counter === undefined ? '0:0' : counter()}]`);
    for (const c of users) out.push(`:${c} - [0:0]`);
    for (const c of [...this.builtins, ...users])
      for (const rule of this.chains.get(c)) out.push(counter === undefined ? rule : `[${counter()}] ${rule}`);
    out.push('COMMIT');
    return out;
  }
}

/**
 * One kube-proxy (iptables mode) Service on TCP port 80: its KUBE-SERVICES rule, KUBE-SVC chain with
 * a `-m statistic` split over the endpoints and a KUBE-SEP chain per endpoint (a REJECT in filter's
 * KUBE-SERVICES when it has none), and a KUBE-NODEPORTS / KUBE-EXT pair when `nodePort()`, asked only
 * for a Service with endpoints, gives a port. Returns that port, or null.
 */
export function addKubeProxyService(nat, filter, { name, vip, endpoints, clusterCidr, nodePort }) {
  const match = `-d ${vip}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport 80`;
  if (endpoints.length === 0) {
    filter.add(
      'KUBE-SERVICES',
      `-d ${vip}/32 -p tcp -m comment --comment "${name} has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`,
    );
    return null;
  }
  const svc = `KUBE-SVC-${chainHash(`${name}tcp`)}`;
  nat.add('KUBE-SERVICES', `${match} -j ${svc}`);
  nat.add(svc, `! -s ${clusterCidr} ${match} -j KUBE-MARK-MASQ`);
  endpoints.forEach((endpoint, k) => {
    const sep = `KUBE-SEP-${chainHash(`${name}tcp${endpoint}`)}`;
    const left = endpoints.length - k;
    const split = left > 1 ? ` -m statistic --mode random --probability ${probability(1 / left)}` : '';
    nat.add(svc, `-m comment --comment "${name} -> ${endpoint}"${split} -j ${sep}`);
    nat.add(sep, `-s ${endpoint.split(':')[0]}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
    nat.add(sep, `-p tcp -m comment --comment "${name}" -m tcp -j DNAT --to-destination ${endpoint}`);
  });
  const port = nodePort();
  if (port === null) return null;
  const ext = `KUBE-EXT-${chainHash(`${name}tcp`)}`;
  nat.add('KUBE-NODEPORTS', `-p tcp -m comment --comment "${name}" -m tcp --dport ${port} -j ${ext}`);
  nat.add(ext, `-m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`);
  nat.add(ext, `-j ${svc}`);
  return port;
}
