import type { Packet } from '../packet/packet';
import type { ReplyMismatch } from '../pipeline/reply-socket';
import type { Diagnosis, Trace } from '../trace/trace';

/**
 * The answer reached the sender from another address or port than the one it sent to: the
 * request's translation was not undone on the way back, so the sending socket does not recognise
 * the answer (a TCP stack answers it with a RST). Seed 003: a DNATed request whose reply is bridged
 * past conntrack.
 */
export function replyMismatchDiagnosis(sender: string, request: Packet, { expected, got }: ReplyMismatch, reply: Trace): Diagnosis {
  const bridged = reply.steps.some((s) => s.kind === 'bridge');
  return {
    code: 'REPLY_FROM_UNEXPECTED_SOURCE',
    message:
      `${sender} sent to ${expected}, but the answer arrives from ${got}: the translation applied to the request was not reversed on the way back, ` +
      `so the answer matches no socket of ${sender}${request.proto === 'tcp' ? ' (TCP answers it with a RST and the connection hangs)' : ''}.`,
    fix: bridged
      ? "the reply is bridged past conntrack: set net.bridge.bridge-nf-call-iptables = 1 (or the bridge's nf_call_iptables) on the host that translated the request"
      : 'make the reply pass through the host whose conntrack translated the request',
  };
}
