import { memo } from 'react';
import { clip, quotedRule } from '@hookpath/report';
import { ownDecisive } from './step-model';
import type { Trace, TraceStep } from './trace-types';

// The drop reasons of TRACE-CONTRACT.md in words; an unlisted reason (UNKNOWN's "what is missing") is shown as is.
const REASONS: Record<string, string> = {
  RULE: 'a rule dropped it',
  POLICY: 'the chain policy dropped it',
  RP_FILTER: 'reverse path filter (rp_filter)',
  NO_ROUTE: 'no route',
  BLACKHOLE: 'blackhole route',
  UNREACHABLE: 'unreachable route',
  PROHIBIT: 'prohibit route',
  TTL_EXCEEDED: 'TTL exceeded',
  NO_NEIGHBOR: 'no neighbour answers ARP',
  LOOP: 'forwarding loop',
  NOT_FORWARDING: 'IP forwarding is off (ip_forward=0)',
  OVN_ACL: 'an OVN ACL dropped it',
  OVN_NO_ROUTE: 'no OVN route',
  OVN_POLICY: 'an OVN router policy dropped it',
  OVN_DISCARD: 'an OVN discard route',
  OVN_PORT_SECURITY: 'OVN port security',
  OVN_ADMISSION: 'OVN router admission',
  OVN_L2_UNKNOWN: 'no OVN port has the destination MAC',
  OVN_ROUTER_IP: 'addressed to an OVN router IP',
  OVN_LB_NO_BACKEND: 'the OVN load balancer has no backend',
  INVALID_CONNTRACK: 'conntrack state INVALID',
};

export const reasonText = (reason: string | null): string => (reason === null ? '' : (REASONS[reason] ?? reason));

export function packetText(packet: Trace['packet']): string {
  const port = (p: number | undefined) => (p === undefined ? '' : `:${p}`);
  const icmp = packet.icmpId === undefined ? '' : ` id ${packet.icmpId}`;
  return `${packet.proto} ${packet.src}${port(packet.sport)} → ${packet.dst}${port(packet.dport)}${icmp}`;
}

/** Whether the packet ended with another address or port than it was sent with (NAT on the way). */
function translated(trace: Trace): boolean {
  const end = trace.end?.packet;
  const p = trace.packet;
  if (end === undefined) return false;
  return (
    end.src !== p.src ||
    end.dst !== p.dst ||
    (p.sport !== undefined && end.sport !== p.sport) ||
    (p.dport !== undefined && end.dport !== p.dport)
  );
}

/** Where the decisive step is: host, hook (or OVN stage), table/chain. */
function whereText(step: TraceStep): string {
  if (step.kind === 'ovn') return `${step.datapath ?? step.host} ${step.stage ?? ''}`.trim();
  const hook = step.hook === undefined ? '' : ` ${step.hook}`;
  const chain = step.table === undefined ? '' : ` ${step.table}/${step.chain ?? ''}`;
  const iface = step.iface === undefined ? '' : ` (${step.iface})`;
  return `${step.host}${hook}${chain}${iface}`;
}

function Decisive({ step }: { step: TraceStep }) {
  const quoted = quotedRule(step);
  return (
    <div className="verdict-detail">
      <span>decided at {whereText(step)}</span>
      {quoted !== null ? (
        <code className="verdict-rule">
          {step.line !== undefined ? `${step.line}: ` : ''}
          {quoted}
        </code>
      ) : step.verdict === 'POLICY_DROP' ? (
        <span> — policy DROP of the chain</span>
      ) : (
        <span className="verdict-expl"> — {clip(step.explanation, 240)}</span>
      )}
    </div>
  );
}

/**
 * The trace's final state in one banner: DELIVERED, EXITED (host, interface), DROPPED or REJECTED with
 * the reason, place and rule, UNKNOWN with what the snapshot lacks. A trace always ends in one of these.
 */
export const VerdictBanner = memo(function VerdictBanner({
  trace,
  testId = 'verdict',
  title,
}: {
  trace: Trace;
  testId?: string;
  title?: string;
}) {
  const step = ownDecisive(trace)?.step;
  const end = trace.end;
  const tone =
    trace.disposition === 'DELIVERED' || trace.disposition === 'EXITED' ? 'ok' : trace.disposition === 'UNKNOWN' ? 'unknown' : 'bad';
  let headline: string;
  switch (trace.disposition) {
    case 'DELIVERED':
      headline = `DELIVERED${end === null ? '' : ` to ${end.host}`}`;
      break;
    case 'EXITED':
      headline = `EXITED${end === null ? '' : ` ${end.host}${end.iface === null ? '' : ` by ${end.iface}`}`}`;
      break;
    case 'DROPPED':
    case 'REJECTED':
      // The contract's code as the CLI prints it (what people search for), then the words.
      headline = `${trace.disposition}${trace.dropReason === null ? '' : ` (${trace.dropReason}) — ${reasonText(trace.dropReason)}`}${step === undefined ? '' : ` on ${step.host}`}`;
      break;
    case 'UNKNOWN':
      headline = `UNKNOWN — ${trace.dropReason ?? 'the snapshot lacks what the decision needs'}`;
      break;
  }
  return (
    <div className={`verdict ${tone}`} data-testid={testId} role="status">
      <div className="verdict-head">
        {title !== undefined && <span className="verdict-title">{title}</span>}
        <span className="verdict-text">{headline}</span>
        <span className="verdict-packet mono">{packetText(trace.packet)}</span>
      </div>
      {step !== undefined && (tone !== 'ok' || quotedRule(step) !== null) && <Decisive step={step} />}
      {end !== null && translated(trace) && (
        <div className="verdict-detail">
          <span>
            ends as{' '}
            <span className="mono">
              {end.packet.src}
              {end.packet.sport === 0 ? '' : `:${end.packet.sport}`} → {end.packet.dst}
              {end.packet.dport === 0 ? '' : `:${end.packet.dport}`}
            </span>
          </span>
        </div>
      )}
    </div>
  );
});
