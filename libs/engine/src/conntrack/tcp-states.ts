import type { TcpFlag } from '../packet/packet';

/**
 * TCP connection tracking states in the order of nf_conntrack_proto_tcp.c's table columns, named
 * as `conntrack -L` prints them (tcp_conntrack_names).
 */
const STATES = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
  'SYN_SENT2',
] as const;
type State = (typeof STATES)[number];

/** The kernel's special transitions: sIV (invalid) and sIG (ignored). */
type Next = State | 'IV' | 'IG';
type Index = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

const [, SS, SR, ES, FW, CW, LA, TW, CL, S2] = STATES;
const IV = 'IV';
const IG = 'IG';

/** tcp_conntracks[dir][index][old state], columns sNO sSS sSR sES sFW sCW sLA sTW sCL sS2. */
const TABLE: Readonly<Record<'ORIGINAL' | 'REPLY', Readonly<Record<Index, readonly Next[]>>>> = {
  ORIGINAL: {
    syn: [SS, SS, IG, IG, IG, IG, IG, SS, SS, S2],
    synack: [IV, IV, SR, IV, IV, IV, IV, IV, IV, SR],
    fin: [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    ack: [ES, IV, ES, ES, CW, CW, TW, TW, CL, IV],
    rst: [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    none: [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  },
  REPLY: {
    syn: [IV, S2, IV, IV, IV, IV, IV, SS, IV, S2],
    synack: [IV, SR, IG, IG, IG, IG, IG, IG, IG, SR],
    fin: [IV, IV, FW, FW, LA, LA, LA, TW, CL, IV],
    ack: [IV, IG, SR, ES, CW, CW, TW, TW, CL, IG],
    rst: [IV, CL, CL, CL, CL, CL, CL, CL, CL, CL],
    none: [IV, IV, IV, IV, IV, IV, IV, IV, IV, IV],
  },
};

/** get_conntrack_index: RST first, then SYN (with or without ACK), FIN, ACK. */
function indexOf(flags: ReadonlySet<TcpFlag>): Index {
  if (flags.has('RST')) return 'rst';
  if (flags.has('SYN')) return flags.has('ACK') ? 'synack' : 'syn';
  if (flags.has('FIN')) return 'fin';
  if (flags.has('ACK')) return 'ack';
  return 'none';
}

/** tcp_valid_flags over FIN, SYN, RST, ACK and URG (PSH, ECE and CWR are always allowed). */
const VALID_FLAGS: ReadonlySet<string> = new Set([
  'SYN',
  'SYN,URG',
  'SYN,ACK',
  'RST',
  'RST,ACK',
  'FIN,ACK',
  'FIN,ACK,URG',
  'ACK',
  'ACK,URG',
]);
const CHECKED: readonly TcpFlag[] = ['FIN', 'SYN', 'RST', 'ACK', 'URG'];

/** tcp_error: a flag combination conntrack never accepts (INVALID with or without an entry), or null. */
export function invalidTcpFlags(flags: readonly TcpFlag[]): string | null {
  const key = CHECKED.filter((f) => flags.includes(f)).join(',');
  return VALID_FLAGS.has(key)
    ? null
    : `a TCP segment with flags ${flags.length === 0 ? 'none' : flags.join(',')} (an invalid combination for conntrack)`;
}

/** What nf_conntrack_tcp_packet does with a segment of a known connection in `state`. */
export type TcpStep =
  | { kind: 'move'; next: string }
  | { kind: 'ignored' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'reopen' }
  | { kind: 'unknown'; reason: string };

const flagText = (flags: readonly TcpFlag[]): string => (flags.length === 0 ? 'no flags' : flags.join(','));

/**
 * One segment against the TCP state table. A SYN that moves a TIME_WAIT entry to SYN_SENT (in
 * either direction) reopens it: the entry is deleted and the segment looked up again, so it
 * starts a new connection. On CLOSE the kernel reopens only when the close began with a FIN or
 * with a RST from the SYN's side, else it ignores the SYN; `conntrack -L` does not say which.
 * sIG transitions pass with the entry unchanged; sIV ones are INVALID.
 */
export function tcpStep(state: string, direction: 'ORIGINAL' | 'REPLY', flags: readonly TcpFlag[]): TcpStep {
  const column = STATES.indexOf(state as State);
  if (column < 0) return { kind: 'unknown', reason: `TCP state ${state} of the entry is not one conntrack prints` };
  const index = indexOf(new Set(flags));
  const next = TABLE[direction][index][column] as Next;
  const what = `a TCP ${flagText(flags)} in the ${direction.toLowerCase()} direction of an entry in state ${state}`;
  if (next === IV) return { kind: 'invalid', reason: `${what} (nf_conntrack_proto_tcp: invalid in that state)` };
  if (next === IG) return { kind: 'ignored' };
  if (next === SS && (state === TW || state === CL)) {
    if (state === TW) return { kind: 'reopen' };
    return {
      kind: 'unknown',
      reason: `${what}: the kernel reopens the connection when its close began with a FIN or with a RST from this side, and otherwise ignores the SYN (the old entry and its NAT stay); conntrack -L does not say how it closed`,
    };
  }
  return { kind: 'move', next };
}
