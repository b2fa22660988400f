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
