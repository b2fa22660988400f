import type { Diagnosis, RoundTripFinding, RoundTripOutcome, Trace } from '../trace/trace';
import { isArrival, isDeparture } from './path-diagnoses';

interface HostIfaces {
  in: string | null;
  out: string | null;
}

/** A device's IP-level interface: a bridge or bond port counts as its master. */
export type IfaceLevel = (host: string, iface: string) => string;

/** Per host, the first interface the packet came in by and the last one it left by. */
function interfacesPerHost(trace: Trace, level: IfaceLevel): Map<string, HostIfaces> {
  const map = new Map<string, HostIfaces>();
  for (const s of trace.steps) {
    if (s.iface === undefined) continue;
    const entry = map.get(s.host) ?? { in: null, out: null };
    if (isArrival(s) && entry.in === null) entry.in = level(s.host, s.iface);
    if (isDeparture(s)) entry.out = level(s.host, s.iface);
    map.set(s.host, entry);
  }
  return map;
}

/**
 * The reply leaves or enters a host by other interfaces than the request used: asymmetric routing.
 * It may work (rp_filter 0 or 2, conntrack on the host) and is still worth knowing.
 */
export function asymmetryFindings(request: Trace, reply: Trace, level: IfaceLevel): RoundTripFinding[] {
  const req = interfacesPerHost(request, level);
  const rep = interfacesPerHost(reply, level);
  const out: RoundTripFinding[] = [];
  for (const [host, r] of req) {
    const b = rep.get(host);
    if (b === undefined) continue;
    if (r.in !== null && b.out !== null && r.in !== b.out) {
      out.push({
        code: 'ASYMMETRIC_RETURN_PATH',
        host,
        message: `On ${host} the request came in on ${r.in} but the reply leaves by ${b.out}.`,
      });
    }
    if (r.out !== null && b.in !== null && r.out !== b.in) {
      out.push({
        code: 'ASYMMETRIC_RETURN_PATH',
        host,
        message: `On ${host} the request left by ${r.out} but the reply comes back on ${b.in}.`,
      });
    }
  }
  return out;
}

const endpoint = (addr: string, port: number | undefined): string => (port === undefined ? addr : `${addr}:${port}`);

function fate(t: Trace): string {
  const where = t.end === null ? '' : ` at ${t.end.host}${t.end.iface === null ? '' : `:${t.end.iface}`}`;
  return `${t.disposition}${t.dropReason === null ? '' : ` (${t.dropReason})`}${where}`;
}

function diagnosisFindings(list: readonly Diagnosis[]): RoundTripFinding[] {
  return list.map((d) => ({ code: d.code, message: d.message, host: d.host ?? null }));
}

/** The reply is the ICMP error or reset the stopped request provoked: the connection is refused. */
function refusalSummary(request: Trace, reply: Trace): string | null {
  const p = reply.packet;
  let what: string;
  if (p.inner !== undefined) what = `ICMP type ${p.icmpType ?? '?'} code ${p.icmpCode ?? '?'}`;
  else if (p.tcpFlags?.includes('RST') === true) what = `TCP reset (${p.tcpFlags.join(',')})`;
  else return null;
  const end = reply.end;
  const from = end === null ? '' : ` from ${end.packet.src}`;
  return `not established: the request ended ${fate(request)}; its ${what}${from} ended ${fate(reply)}`;
}

/**
 * Whether the connection establishes: the request reached its destination and the reply came back
 * to the requester with the addresses and ports the requester used, swapped.
 * `origin` is where the request started: a host (a socket there) or `host:iface` (it came in there).
 */
export function roundTripOutcome(
  request: Trace,
  reply: Trace | undefined,
  origin: { host: string; iface: string | null },
  level: IfaceLevel,
): RoundTripOutcome {
  const findings: RoundTripFinding[] = [...diagnosisFindings(request.diagnosis)];
  if (reply === undefined) {
    return {
      established: false,
      summary: `no reply: the request ended ${fate(request)}, so nothing answers it`,
      findings,
    };
  }
  findings.push(...asymmetryFindings(request, reply, level), ...diagnosisFindings(reply.diagnosis));
  const refusal = refusalSummary(request, reply);
  if (refusal !== null) return { established: false, summary: refusal, findings };
  const p = request.packet;
  const expectedSrc = endpoint(p.dst, p.proto === 'icmp' ? undefined : p.dport);
  const expectedDst = endpoint(p.src, p.proto === 'icmp' ? undefined : p.sport);
  const end = reply.end;
  const gotSrc = end === null ? null : endpoint(end.packet.src, p.proto === 'icmp' ? undefined : end.packet.sport);
  const gotDst = end === null ? null : endpoint(end.packet.dst, p.proto === 'icmp' ? undefined : end.packet.dport);
  const back =
    end !== null &&
    end.host === origin.host &&
    // a reply that reached the sending host but matched none of its sockets ends REJECTED there
    ((origin.iface === null && (reply.disposition === 'DELIVERED' || reply.disposition === 'REJECTED')) ||
      (origin.iface !== null && reply.disposition === 'EXITED' && end.iface === origin.iface));
  const addressed = gotSrc === expectedSrc && gotDst === expectedDst;
  const established = back && addressed;
  let summary: string;
  if (established)
    summary = `established: the reply ${expectedSrc} -> ${expectedDst} is back at ${origin.host}${origin.iface === null ? '' : `:${origin.iface}`}`;
  else if (!back)
    summary = `not established: the reply ended ${fate(reply)} instead of returning to ${origin.host}${origin.iface === null ? '' : `:${origin.iface}`}`;
  else
    summary = `not established: the reply reaches ${origin.host} as ${gotSrc ?? '?'} -> ${gotDst ?? '?'}, but the requester expects ${expectedSrc} -> ${expectedDst}${reply.disposition === 'REJECTED' ? ' (it is answered with a reset)' : ''}`;
  const asym = findings.filter((f) => f.code === 'ASYMMETRIC_RETURN_PATH').length;
  if (asym > 0)
    summary += ` (asymmetric path on ${[...new Set(findings.filter((f) => f.code === 'ASYMMETRIC_RETURN_PATH').map((f) => f.host))].join(', ')})`;
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.code}|${f.host ?? ''}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { established, summary, findings: unique };
}
