import type { Packet } from '../packet/packet';
import type { Trace } from '../trace/trace';

const endpoint = (addr: string, port: number): string => `${addr}:${port}`;

/**
 * The answer to a request sent from a local socket reaches the sender from another address or port
 * than the request went to (its translation was not undone on the way back): no socket of the
 * sender is connected to that peer, so TCP answers the segment with a RST and UDP with an ICMP
 * port unreachable (tcp_v4_rcv / __udp4_lib_rcv when no socket matches). ICMP echo replies are
 * matched by id alone and are left as delivered. Returns whether the reply was turned into REJECTED.
 */
export function rejectUnexpectedReply(sender: string, request: Packet, replyEnd: Packet, reply: Trace): boolean {
  if (request.proto === 'icmp' || reply.disposition !== 'DELIVERED') return false;
  const expected = endpoint(request.dst, request.dport);
  const got = endpoint(replyEnd.src, replyEnd.sport);
  if (expected === got) return false;
  const answer = request.proto === 'tcp' ? 'the TCP stack answers it with a RST' : 'the kernel answers it with an ICMP port unreachable';
  reply.steps.push({
    host: sender,
    kind: 'deliver',
    explanation: `no socket of ${sender} is connected to ${got} (the request went to ${expected}): ${answer}`,
  });
  reply.disposition = 'REJECTED';
  reply.dropReason = null;
  return true;
}
