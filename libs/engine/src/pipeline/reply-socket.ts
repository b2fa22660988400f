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
