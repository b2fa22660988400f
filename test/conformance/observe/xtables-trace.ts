import type { KernelVerdict, ObservedPacket, ObservedStep } from './observed';

/** One packet in an `xtables-monitor --trace` capture: its trace lines in order. */
export interface TracedPacket {
  /** The table:chain that set the packet's trace bit (the first trace line), e.g. `hpcftrace:req_pre`. */
  tracer: string | null;
  entry: ObservedPacket | null;
  /** The IP ID of its PACKET lines ('' when unknown). */
  ipId: string;
  steps: ObservedStep[];
}

const VERDICTS: readonly KernelVerdict[] = ['ACCEPT', 'DROP', 'CONTINUE', 'JUMP', 'GOTO', 'RETURN', 'QUEUE', 'STOLEN', 'REPEAT', 'STOP'];

/**
 * xtables-monitor 1.8.9 names the verdicts it knows and prints the others as the raw nf_tables
 * code: an explicit `-j RETURN` shows up as `rule:0x13:0xfffffffb` (NFT_RETURN, -5).
 */
const RAW_VERDICTS: Record<string, KernelVerdict> = {
  '0xffffffff': 'CONTINUE',
  '0xfffffffd': 'JUMP',
  '0xfffffffc': 'GOTO',
  '0xfffffffb': 'RETURN',
};
const verdictOf = (text: string | undefined): KernelVerdict | undefined =>
  text === undefined
    ? undefined
    : (RAW_VERDICTS[text] ?? ((VERDICTS as readonly string[]).find((v) => v === text) as KernelVerdict | undefined));

function packetFields(text: string): ObservedPacket {
  const fields = new Map<string, string>();
  for (const token of text.trim().split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  const num = (key: string): number | undefined => (fields.has(key) ? Number(fields.get(key)) : undefined);
  const packet: ObservedPacket = { src: fields.get('SRC') ?? '', dst: fields.get('DST') ?? '' };
  const set = <K extends keyof ObservedPacket>(key: K, value: ObservedPacket[K] | undefined): void => {
    if (value !== undefined) packet[key] = value;
  };
  set('in', fields.get('IN'));
  set('out', fields.get('OUT'));
  set('len', num('LEN'));
  set('ttl', num('TTL'));
  set('mark', fields.get('MARK'));
  set('sport', num('SPORT'));
  set('dport', num('DPORT'));
  return packet;
}

/**
 * Splits a capture into packets. xtables-monitor prints a `PACKET:` line each time a traced
 * packet enters a base chain, then one ` TRACE:` line per rule that matched and one for the
 * policy when the chain falls through; falling off a user chain prints nothing. The trace id is
 * derived from the skb and is reused by later packets, so a packet is keyed by (trace id, IP ID)
 * as the oracle scripts do.
 *
 *   PACKET: 2 c94aff79 IN=eth0 ... SRC=10.0.0.1 DST=10.0.0.2 LEN=84 TOS=0x0 TTL=64 ID=29609 DF
 *    TRACE: 2 c94aff79 nat:PREROUTING:rule:0x6:JUMP:UC  -4 -t nat -A PREROUTING -j UC
 *    TRACE: 2 c94aff79 nat:PREROUTING:policy:ACCEPT
 */
export function parseXtablesTrace(text: string): TracedPacket[] {
  const packets: TracedPacket[] = [];
  const byKey = new Map<string, TracedPacket>();
  const current = new Map<string, TracedPacket>();
  for (const line of text.split('\n')) {
    const packet = /^PACKET: \d+ (\S+) (.*)$/.exec(line);
    if (packet !== null) {
      const id = packet[1] ?? '';
      const body = packet[2] ?? '';
      const ipId = /(?:^|\s)ID=(\d+)/.exec(body)?.[1] ?? '';
      const key = `${id}/${ipId}`;
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = { tracer: null, entry: packetFields(body), ipId, steps: [] };
        byKey.set(key, entry);
        packets.push(entry);
      }
      current.set(id, entry);
      continue;
    }
    const trace = /^ TRACE: \d+ (\S+) (\S+)(?:\s{2}(.*))?\s*$/.exec(line);
    if (trace === null) continue;
    const id = trace[1] ?? '';
    let owner = current.get(id);
    if (owner === undefined) {
      owner = { tracer: null, entry: null, ipId: '', steps: [] };
      current.set(id, owner);
      packets.push(owner);
    }
    const [table = '', chain = '', type = '', ...rest] = (trace[2] ?? '').split(':');
    if (owner.tracer === null) owner.tracer = `${table}:${chain}`;
    if (table === 'hpcftrace') continue;
    const ruleText = (trace[3] ?? '').trim().replace(/^-4 -t \S+ /, '');
    if (type === 'rule') {
      const verdict = verdictOf(rest[1]);
      if (verdict === undefined) throw new Error(`unknown verdict in trace line: ${line}`);
      const step: ObservedStep = { table, chain, rule: ruleText, verdict };
      if (rest[2] !== undefined) step.target = rest.slice(2).join(':');
      owner.steps.push(step);
    } else if (type === 'policy') {
      const verdict = verdictOf(rest[0]);
      if (verdict === undefined) throw new Error(`unknown policy verdict in trace line: ${line}`);
      owner.steps.push({ table, chain, rule: null, verdict });
    }
    // type `return` (an explicit return to the caller in native nft chains) has no iptables counterpart.
  }
  return packets;
}
