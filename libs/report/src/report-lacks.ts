import type { Trace } from '@hookpath/engine';
import type { ReportLack, ReportSnapshot } from './report-document';

/** What a missing capture means for a trace through the host. */
const CONSEQUENCE: Readonly<Record<string, string>> = {
  iptables: 'no rules applied',
  sysctl: 'kernel defaults assumed',
  conntrack: 'no existing connections assumed',
  'ip route': 'no routes known',
  'ip rule': 'default policy rules assumed',
  'ip addr': 'interfaces and addresses unknown',
  ipvsadm: 'no IPVS services assumed',
};

/** Hosts a trace crosses (request, then reply), each once, in order. */
export function tracedHosts(trace: Trace): string[] {
  const seen = new Set<string>();
  for (const t of [trace, trace.reply]) for (const step of t?.steps ?? []) seen.add(step.host);
  return [...seen];
}

/**
 * What the snapshot lacked for this answer: why a direction ended UNKNOWN, the captures missing on
 * the hosts the packet crossed, and a capture time it does not state.
 */
export function traceLacks(trace: Trace, snapshot: ReportSnapshot): ReportLack[] {
  const lacks: ReportLack[] = [];
  if (snapshot.capturedAt === null) lacks.push({ host: null, what: 'snapshot.yaml states no capturedAt: how old the data is is unknown' });
  for (const [label, t] of [
    ['request', trace],
    ['reply', trace.reply],
  ] as const) {
    if (t?.disposition === 'UNKNOWN')
      lacks.push({
        host: t.end?.host ?? null,
        what: `the ${label} ended UNKNOWN: ${t.dropReason ?? 'the snapshot lacks what the decision needs'}`,
      });
  }
  for (const name of tracedHosts(trace)) {
    const host = snapshot.captured.hosts.find((h) => h.name === name);
    if (host === undefined) continue;
    const missing = host.notCaptured.filter((m) => CONSEQUENCE[m] !== undefined && (m !== 'ipvsadm' || host.role === 'node'));
    if (missing.length > 0)
      lacks.push({ host: name, what: `not captured: ${missing.map((m) => `${m} — ${CONSEQUENCE[m] ?? ''}`).join('; ')}` });
  }
  return lacks;
}
