import type { Packet } from '../packet/packet';
import type { Trace } from '../trace/trace';

/** Where the request went and where its answer came from, when the two differ. */
export interface ReplyMismatch {
  expected: string;
  got: string;
}

const endpoint = (addr: string, port: number, proto: Packet['proto']): string => (proto === 'icmp' ? addr : `${addr}:${port}`);

/**
 * The answer reached the sender from another address or port than the request went to (its
 * translation was not undone on the way back); null when it came from where it was sent.
 */
export function replyMismatch(request: Packet, replyEnd: Packet): ReplyMismatch | null {
  const expected = endpoint(request.dst, request.dport, request.proto);
  const got = endpoint(replyEnd.src, replyEnd.sport, replyEnd.proto);
  return expected === got ? null : { expected, got };
}

/**
 * Such an answer matches no socket of the sender: TCP answers the segment with a RST and UDP with
 * an ICMP port unreachable (tcp_v4_rcv / __udp4_lib_rcv when no socket matches). ICMP echo replies
 * are matched by id alone and are left as delivered. Returns whether the reply became REJECTED.
 */
export function rejectUnexpectedReply(sender: string, request: Packet, mismatch: ReplyMismatch, reply: Trace): boolean {
  if (request.proto === 'icmp' || reply.disposition !== 'DELIVERED') return false;
  const answer = request.proto === 'tcp' ? 'the TCP stack answers it with a RST' : 'the kernel answers it with an ICMP port unreachable';
  reply.steps.push({
    host: sender,
    kind: 'deliver',
    explanation: `no socket of ${sender} is connected to ${mismatch.got} (the request went to ${mismatch.expected}): ${answer}`,
  });
  reply.disposition = 'REJECTED';
  reply.dropReason = null;
  return true;
}

const quoted = (h: { proto: Packet['proto']; src: string; dst: string; sport: number; dport: number; icmpId: number }): string =>
  h.proto === 'icmp' ? `icmp ${h.src} -> ${h.dst} id ${h.icmpId}` : `${h.proto} ${h.src}:${h.sport} -> ${h.dst}:${h.dport}`;

/**
 * An ICMP error or reset the kernel made for the request reached the sender, but it does not name
 * the packet the sender sent (a translation was not undone on its way back): the quoted header of an
 * error, or a reset's addresses and ports. Which socket, if any, then takes it (tcp_v4_err and
 * __udp4_lib_err look the socket up by the quoted header) is not modelled; returns why, or null when
 * the error names the request as it was sent. A source the kernel chose (0.0.0.0) is not compared.
 */
export function madeReplyMismatch(sender: string, request: Packet, replyEnd: Packet): string | null {
  const sent = {
    proto: request.proto,
    src: request.src,
    dst: request.dst,
    sport: request.sport,
    dport: request.dport,
    icmpId: request.icmpId,
  };
  const anySource = request.src === '0.0.0.0';
  let got: typeof sent;
  if (replyEnd.proto === 'icmp' && replyEnd.inner !== undefined) got = { ...replyEnd.inner };
  else if (replyEnd.proto === 'tcp' && request.proto === 'tcp')
    got = { proto: 'tcp', src: replyEnd.dst, dst: replyEnd.src, sport: replyEnd.dport, dport: replyEnd.sport, icmpId: 0 };
  else return null;
  const same =
    got.proto === sent.proto &&
    (anySource || got.src === sent.src) &&
    got.dst === sent.dst &&
    got.sport === sent.sport &&
    got.dport === sent.dport &&
    got.icmpId === sent.icmpId;
  if (same) return null;
  const what = replyEnd.proto === 'icmp' ? `the ICMP error quotes ${quoted(got)}` : `the reset answers ${quoted(got)}`;
  return `${what}, but ${sender} sent ${quoted(sent)}: which socket of ${sender}, if any, takes it is not modelled`;
}
