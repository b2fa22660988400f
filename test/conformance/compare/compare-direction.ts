import { TCP_FLAG_BITS, TCP_FLAGS, type Trace } from '@hookpath/engine';
import type { ObservedDirection, Outcome, SeenPacket } from '../observe/observed';
import { engineStepsByHost, formatStep, fromKernel, type ComparableStep } from './engine-steps';

const same = (a: ComparableStep, b: ComparableStep): boolean =>
  a.table === b.table && a.chain === b.chain && a.rule === b.rule && a.verdict === b.verdict;

function compareSteps(host: string, kernel: ComparableStep[], engine: ComparableStep[]): string[] {
  const length = Math.max(kernel.length, engine.length);
  for (let i = 0; i < length; i++) {
    const k = kernel[i];
    const e = engine[i];
    if (k !== undefined && e !== undefined && same(k, e)) continue;
    const lines = [`${host}: netfilter steps differ at step ${i + 1}`, '  kernel:'];
    kernel.forEach((s, j) => lines.push(`    ${j === i ? '>' : ' '} ${j + 1}. ${formatStep(s)}`));
    if (kernel.length === 0) lines.push('      (none)');
    lines.push('  engine:');
    engine.forEach((s, j) => lines.push(`    ${j === i ? '>' : ' '} ${j + 1}. ${formatStep(s)}`));
    if (engine.length === 0) lines.push('      (none)');
    return [lines.join('\n')];
  }
  return [];
}

/** An ICMP error's type, code and quoted header as the receiver's sniffer saw them, against the engine's end packet. */
function compareIcmpError(end: NonNullable<Trace['end']>, seen: SeenPacket): string[] {
  if (seen.icmpType === undefined || seen.inner === undefined) return [];
  const got = end.packet;
  const problems: string[] = [];
  if (got.icmpType !== seen.icmpType || got.icmpCode !== seen.icmpCode)
    problems.push(
      `ICMP type/code: kernel ${seen.icmpType}/${seen.icmpCode ?? '?'}, engine ${got.icmpType ?? 'none'}/${got.icmpCode ?? 'none'}`,
    );
  // the error's own TTL: the generating host's default, less one per router on the way back
  if (seen.ttl !== undefined && got.ttl !== seen.ttl) problems.push(`ICMP error TTL: kernel ${seen.ttl}, engine ${got.ttl}`);
  const inner = got.inner;
  if (inner === undefined) return [...problems, 'engine: the end packet quotes no header'];
  const want = seen.inner;
  const fields: [string, string | number | undefined, string | number | undefined][] = [
    ['src', want.src, inner.src],
    ['dst', want.dst, inner.dst],
    ['sport', want.sport, inner.sport],
    ['dport', want.dport, inner.dport],
    ['icmpId', want.icmpId, inner.icmpId],
  ];
  for (const [name, k, e] of fields) if (k !== undefined && k !== e) problems.push(`quoted ${name}: kernel ${k}, engine ${e ?? 'none'}`);
  return problems;
}

/** A reset's flags (RST,ACK or a bare RST) as the receiver's sniffer saw them, against the engine's reply packet. */
function compareReset(trace: Trace, seen: SeenPacket): string[] {
  if (seen.proto !== 'tcp' || seen.tcpFlags === undefined || (seen.tcpFlags & TCP_FLAG_BITS.RST) === 0) return [];
  const kernel = TCP_FLAGS.filter((f) => (seen.tcpFlags ?? 0) & TCP_FLAG_BITS[f]).join(',');
  const engine = (trace.packet.tcpFlags ?? []).join(',');
  return kernel === engine ? [] : [`reset flags: kernel ${kernel}, engine ${engine === '' ? 'none' : engine}`];
}

function compareAddresses(trace: Trace, seen: SeenPacket): string[] {
  const end = trace.end;
  if (end === null) return ['engine: no end packet'];
  const problems: string[] = [];
  const check = (field: 'src' | 'dst' | 'sport' | 'dport'): void => {
    const want = seen[field];
    if (want === undefined || want === null) return;
    if (end.packet[field] !== want) problems.push(`final ${field}: kernel ${want}, engine ${end.packet[field]}`);
  };
  check('src');
  check('dst');
  check('sport');
  check('dport');
  problems.push(...compareIcmpError(end, seen), ...compareReset(trace, seen));
  return problems;
}

function compareOutcome(outcome: Outcome, trace: Trace): string[] {
  const got = `engine: ${trace.disposition}${trace.dropReason === null ? '' : ` (${trace.dropReason})`}${trace.end === null ? '' : ` at ${trace.end.host}${trace.end.iface === null ? '' : `:${trace.end.iface}`}`}`;
  switch (outcome.kind) {
    case 'delivered': {
      if (trace.disposition !== 'DELIVERED' || trace.end?.host !== outcome.host) return [`kernel: DELIVERED at ${outcome.host}; ${got}`];
      return compareAddresses(trace, outcome.seen);
    }
    case 'left': {
      if (trace.disposition !== 'EXITED' || trace.end?.host !== outcome.host || trace.end.iface !== outcome.iface) {
        return [`kernel: EXITED at ${outcome.host}:${outcome.iface}; ${got}`];
      }
      return compareAddresses(trace, outcome.seen);
    }
    case 'dropped': {
      if (trace.disposition !== 'DROPPED' || trace.dropReason !== outcome.reason)
        return [`kernel: DROPPED (${outcome.reason}) at ${outcome.host}; ${got}`];
      if (trace.end === null || trace.end.host !== outcome.host) return [`kernel: DROPPED at ${outcome.host}; ${got}`];
      return [];
    }
    case 'rejected': {
      if (trace.disposition !== 'REJECTED') return [`kernel: REJECTED at ${outcome.host}; ${got}`];
      if (trace.end === null || trace.end.host !== outcome.host) return [`kernel: REJECTED at ${outcome.host}; ${got}`];
      return [];
    }
    default: {
      const unreachable: never = outcome;
      return [`unknown outcome ${JSON.stringify(unreachable)}`];
    }
  }
}

/**
 * Every difference between what the kernel did with the packet and what the engine says:
 * per captured host the netfilter steps (table, chain, rule text, verdict, in order), then the
 * disposition, where it ended and the final addresses.
 */
export function compareDirection(observed: ObservedDirection, trace: Trace): string[] {
  const engine = engineStepsByHost(trace);
  const problems: string[] = [];
  const hosts = [...new Set([...Object.keys(observed.hosts), ...engine.keys()])].sort();
  for (const host of hosts) {
    const kernel = (observed.hosts[host] ?? []).map(fromKernel);
    if (!(host in observed.hosts)) problems.push(`engine: steps on ${host}, which the scenario did not capture`);
    problems.push(...compareSteps(host, kernel, engine.get(host) ?? []));
  }
  problems.push(...compareOutcome(observed.outcome, trace));
  return problems;
}
