/**
 * What an `ovn-trace --minimal` run means, read from its action tree (oracle fact 6: stage numbers
 * and action names differ between OVN versions, so only the meaning is compared).
 */
export interface OvnTraceMeaning {
  /** Ports the packet is output to (outside an ARP request). */
  outputs: string[];
  /** The target address of an ARP request the router sends instead of the packet, if any. */
  arpFor: string | null;
  /** The source / destination addresses after NAT (ct_snat/ct_dnat/ct_lb or stateless rewrites). */
  src: string | null;
  dst: string | null;
  /** The last Ethernet source address set before the output. */
  ethSrc: string | null;
}

const hexIp = (hex: string): string => {
  const n = Number.parseInt(hex, 16);
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
};

export function ovnTraceMeaning(text: string): OvnTraceMeaning {
  const lines = text.split('\n');
  const meaning: OvnTraceMeaning = { outputs: [], arpFor: null, src: null, dst: null, ethSrc: null };
  let arpDepth = 0;
  let depth = 0;
  for (const line of lines) {
    if (/^\s*arp \{/.test(line)) arpDepth = depth + 1;
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (arpDepth > 0 && depth < arpDepth) arpDepth = 0;
    const tpa = /arp\.tpa = (?:0x([0-9a-f]+)|([\d.]+));/.exec(line);
    if (tpa !== null) meaning.arpFor = tpa[1] !== undefined ? hexIp(tpa[1]) : (tpa[2] ?? null);
    if (arpDepth > 0) continue;
    const out = /output\("([^"]+)"\)/.exec(line);
    if (out?.[1] !== undefined) meaning.outputs.push(out[1]);
    const snat = /ct_snat\w*\(ip4\.src=([\d.]+)/.exec(line) ?? /^\s*ip4\.src = ([\d.]+);/.exec(line);
    if (snat?.[1] !== undefined) meaning.src = snat[1];
    const dnat = /ct_dnat\w*\(ip4\.dst=([\d.]+)/.exec(line) ?? /ct_lb\w*\(backends=([\d.]+)/.exec(line) ?? /^\s*ip4\.dst = ([\d.]+);/.exec(line);
    if (dnat?.[1] !== undefined) meaning.dst = dnat[1];
    const eth = /^\s*eth\.src = ([0-9a-f:]+);/.exec(line);
    if (eth?.[1] !== undefined) meaning.ethSrc = eth[1];
  }
  return meaning;
}
