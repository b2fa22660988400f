import type { PacketView, RoundTripOutcome, Trace, TraceStep, Verdict } from '@hookpath/engine';
import type { Paint, Style } from './colour';
import { packetChanges } from './packet-changes';

function verdictStyle(verdict: Verdict): Style {
  switch (verdict) {
    case 'ACCEPT':
    case 'POLICY_ACCEPT':
      return 'green';
    case 'DROP':
    case 'REJECT':
    case 'POLICY_DROP':
    case 'UNKNOWN':
      return 'red';
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT':
    case 'TPROXY':
    case 'MARK':
    case 'CONNMARK':
    case 'NOTRACK':
      return 'yellow';
    case 'JUMP':
    case 'GOTO':
    case 'RETURN':
    case 'CONTINUE':
    case 'LOG':
      return 'cyan';
    default: {
      const unreachable: never = verdict;
      return unreachable;
    }
  }
}

/** The colour of a disposition: the packet got through, was stopped, or the snapshot cannot tell. */
export function dispositionStyle(disposition: Trace['disposition']): Style {
  switch (disposition) {
    case 'DELIVERED':
    case 'EXITED':
      return 'green';
    case 'DROPPED':
    case 'REJECTED':
      return 'red';
    case 'UNKNOWN':
      return 'yellow';
    default: {
      const unreachable: never = disposition;
      return unreachable;
    }
  }
}

/** ` type 3 code 3, quoting udp 10.1.0.2:46001 → 10.9.9.9:53`: an ICMP error's type, code and quoted header. */
function describeError(packet: Pick<PacketView, 'icmpType' | 'icmpCode' | 'inner'>): string {
  const inner = packet.inner;
  if (inner === undefined) return '';
  const end = (addr: string, port: number): string => (inner.proto === 'icmp' ? addr : `${addr}:${port}`);
  const id = inner.icmpId === undefined ? '' : ` id ${inner.icmpId}`;
  return ` type ${packet.icmpType ?? '?'} code ${packet.icmpCode ?? '?'}, quoting ${inner.proto} ${end(inner.src, inner.sport)} → ${end(inner.dst, inner.dport)}${id}`;
}

function describePacket(packet: Trace['packet']): string {
  const ports =
    packet.proto === 'icmp'
      ? packet.icmpId === undefined
        ? ''
        : ` id ${packet.icmpId}`
      : ` ${packet.sport ?? '*'} → ${packet.dport ?? '*'}`;
  const flags = packet.tcpFlags === undefined ? '' : ` [${packet.tcpFlags.join(',')}]`;
  const mark = packet.mark === undefined || packet.mark === '0x0' ? '' : ` mark ${packet.mark}`;
  return `${packet.proto} ${packet.src} → ${packet.dst}${ports}${flags}${describeError(packet)}${mark}`;
}

function viewOf(packet: Trace['packet']): PacketView {
  const view: PacketView = {
    src: packet.src,
    dst: packet.dst,
    sport: packet.sport ?? 0,
    dport: packet.dport ?? 0,
    mark: packet.mark ?? '0x0',
    ttl: 64,
  };
  if (packet.inner !== undefined) view.inner = packet.inner;
  return view;
}

/** The headline of one step: what met the packet, and what it decided. */
function stepLine(step: TraceStep, paint: Paint): string {
  if (step.kind === 'netfilter') {
    const where = `${step.hook ?? '?'} ${step.priority ?? ''}`.trim();
    const chain = `${step.table ?? '?'}/${step.chain ?? '?'}`;
    const rule = step.rule === null || step.rule === undefined ? paint('dim', 'policy') : step.rule;
    const verdict = step.verdict === undefined ? '' : `  ${paint(verdictStyle(step.verdict), step.verdict)}`;
    return `${paint('blue', where.padEnd(16))} ${paint('bold', chain)}  ${rule}${verdict}`;
  }
  if (step.kind === 'ovn') return `${paint('cyan', (step.stage ?? 'ovn').padEnd(22))} ${step.explanation}`;
  const label = step.iface === undefined ? step.kind : `${step.kind} ${step.iface}`;
  const style: Style = step.kind === 'drop' ? 'red' : step.kind === 'deliver' ? 'green' : 'magenta';
  return `${paint(style, label.padEnd(16))} ${step.explanation}`;
}

function formatSteps(trace: Trace, paint: Paint, indent: string): string[] {
  const lines: string[] = [];
  let host: string | null = null;
  let before = viewOf(trace.packet);
  trace.steps.forEach((step, index) => {
    if (step.host !== host) {
      host = step.host;
      lines.push(`${indent}${paint('bold', host)}`);
    }
    lines.push(`${indent}  ${paint('dim', String(index + 1).padStart(3))}  ${stepLine(step, paint)}`);
    const pad = `${indent}       `;
    if (step.kind === 'netfilter' && step.explanation !== '') lines.push(`${pad}${paint('dim', step.explanation)}`);
    const where = [
      step.object?.owner === null || step.object?.owner === undefined ? null : `by ${step.object.owner}`,
      step.chassis === undefined ? null : `on ${step.chassis}`,
    ].filter((x) => x !== null);
    if (step.kind === 'ovn' && step.object !== undefined)
      lines.push(`${pad}${paint('dim', `${step.object.table} ${step.object.text}${where.length > 0 ? `  (${where.join(', ')})` : ''}`)}`);
    if (step.packetAfter !== undefined) {
      const changes = packetChanges(before, step.packetAfter);
      if (changes.length > 0) lines.push(`${pad}${paint('yellow', changes.join(', '))}`);
      before = step.packetAfter;
    }
  });
  return lines;
}

function formatOutcome(trace: Trace, paint: Paint, indent: string): string[] {
  const lines: string[] = [];
  const reason = trace.dropReason === null ? '' : ` (${trace.dropReason})`;
  let where = '';
  if (trace.end !== null) {
    const at = trace.end.iface === null ? trace.end.host : `${trace.end.host}:${trace.end.iface}`;
    where = ` at ${at}, packet ${trace.end.packet.src} → ${trace.end.packet.dst}`;
    if (trace.end.packet.sport !== 0 || trace.end.packet.dport !== 0)
      where += ` ports ${trace.end.packet.sport} → ${trace.end.packet.dport}`;
    if (trace.end.packet.mark !== '0x0') where += ` mark ${trace.end.packet.mark}`;
    where += ` ttl ${trace.end.packet.ttl}${describeError(trace.end.packet)}`;
  }
  lines.push(`${indent}${paint('bold', 'result')} ${paint(dispositionStyle(trace.disposition), trace.disposition)}${reason}${where}`);
  if (trace.conntrack !== null) {
    const entry = trace.conntrack.entry === null ? '' : `  ${paint('dim', trace.conntrack.entry)}`;
    lines.push(`${indent}${paint('bold', 'conntrack')} ${trace.conntrack.state}${entry}`);
  }
  for (const d of trace.diagnosis) {
    lines.push(`${indent}${paint('bold', 'diagnosis')} ${paint('yellow', d.code)}: ${d.message}`);
    for (const e of d.evidence ?? []) lines.push(`${indent}  ${paint('dim', `evidence: ${e}`)}`);
    if (d.fix !== null) lines.push(`${indent}  fix: ${d.fix}`);
  }
  return lines;
}

/** The combined outcome of a round trip and what was noticed across both directions. */
function formatRoundTrip(trace: Trace, outcome: RoundTripOutcome, paint: Paint): string[] {
  const lines = [`${paint('bold', 'round trip')} ${paint(outcome.established ? 'green' : 'red', outcome.summary)}`];
  const diagnosed = new Set([...trace.diagnosis, ...(trace.reply?.diagnosis ?? [])].map((d) => d.code));
  for (const f of outcome.findings) {
    const text = diagnosed.has(f.code) ? paint('dim', 'see the diagnosis above') : f.message;
    lines.push(`  ${paint('bold', 'finding')} ${paint('yellow', f.code)}${f.host === null ? '' : ` on ${f.host}`}: ${text}`);
  }
  return lines;
}

/** The readable step list of TRACE-CONTRACT.md: per host, each step with what it changed, then the outcome. */
export function formatTraceText(trace: Trace, from: string, paint: Paint): string {
  const lines = [
    `${paint('bold', 'trace')} ${describePacket(trace.packet)} from ${from}`,
    ...formatSteps(trace, paint, ''),
    ...formatOutcome(trace, paint, ''),
  ];
  if (trace.reply !== undefined) {
    lines.push(
      '',
      `${paint('bold', 'reply')} ${describePacket(trace.reply.packet)}`,
      ...formatSteps(trace.reply, paint, '  '),
      ...formatOutcome(trace.reply, paint, '  '),
    );
  }
  if (trace.roundTrip !== undefined) lines.push('', ...formatRoundTrip(trace, trace.roundTrip, paint));
  return `${lines.join('\n')}\n`;
}
