import type { Diagnosis, Trace, TraceStep } from '../trace/trace';

/** kube-ovn's wrapper around ovn-nbctl, run where kubectl reaches the cluster. */
const NBCTL = 'in the cluster: kubectl ko nbctl';

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

function evidence(step: TraceStep): string[] {
  const out = [`${step.datapath ?? step.host} ${step.stage ?? ''}: ${step.explanation}`];
  if (step.object !== undefined)
    out.push(
      `${step.object.table} ${step.object.uuid ?? ''} ${step.object.text}${step.object.owner === null ? '' : ` (${step.object.owner})`}`
        .replace(/\s+/g, ' ')
        .trim(),
    );
  return out;
}

const owned = (step: TraceStep): string =>
  step.object?.owner === null || step.object?.owner === undefined ? '' : `, written for ${step.object.owner}`;

/** The last OVN step, when the trace ended in the logical topology. */
function lastOvnStep(trace: Trace): TraceStep | null {
  const last = trace.steps.at(-1);
  return last !== undefined && last.kind === 'ovn' ? last : null;
}

/** An ACL dropped or rejected the packet: which one, on which switch, and who wrote it. */
function aclDiagnosis(trace: Trace, step: TraceStep): Diagnosis | null {
  if (trace.dropReason !== 'OVN_ACL' || step.object?.table !== 'ACL') return null;
  const m = /^(from-lport|to-lport) priority (\S+) match "(.*)" action (\S+)/.exec(step.object.text);
  const fix = m === null ? null : `${NBCTL} acl-del ${step.datapath ?? ''} ${m[1] ?? ''} ${m[2] ?? ''} ${quote(m[3] ?? '')}`;
  const kube =
    step.object.owner === null ? '' : `; or change ${step.object.owner.replace(/ \(by [^)]*\)$/, '')}, which kube-ovn turns into this ACL`;
  return {
    code: 'OVN_ACL_DROPS',
    host: step.datapath ?? step.host,
    message: `OVN ACL ${step.object.text} on ${step.datapath ?? step.host} ${trace.disposition === 'REJECTED' ? 'rejects' : 'drops'} the packet (${step.stage ?? 'ACL stage'})${owned(step)}.`,
    fix: fix === null ? null : `${fix}${kube}`,
    evidence: evidence(step),
  };
}

function routeDiagnosis(trace: Trace, step: TraceStep): Diagnosis | null {
  const dst = step.packetAfter?.dst ?? trace.packet.dst;
  const router = step.datapath ?? step.host;
  if (trace.dropReason === 'OVN_NO_ROUTE' && step.stage === 'lr_in_ip_routing') {
    return {
      code: 'OVN_NO_ROUTE',
      host: router,
      message: `Router ${router} has no route for ${dst}: ${step.explanation}`,
      fix: `${NBCTL} lr-route-add ${router} <prefix of ${dst}> <next hop>`,
      evidence: evidence(step),
    };
  }
  if (trace.dropReason === 'OVN_DISCARD') {
    const prefix = /^(\S+)/.exec(step.object?.text ?? '')?.[1] ?? '<prefix>';
    return {
      code: 'OVN_DISCARD_ROUTE',
      host: router,
      message: `Router ${router} discards ${dst}: ${step.object?.text ?? 'a discard route'}${owned(step)}.`,
      fix: `${NBCTL} lr-route-del ${router} ${prefix}`,
      evidence: evidence(step),
    };
  }
  if (trace.dropReason === 'OVN_POLICY') {
    const m = /^priority (\d+) match "(.*)" drop/.exec(step.object?.text ?? '');
    return {
      code: 'OVN_POLICY_DROPS',
      host: router,
      message: `Router policy ${step.object?.text ?? ''} on ${router} drops the packet${owned(step)}.`,
      fix: m === null ? null : `${NBCTL} lr-policy-del ${router} ${m[1] ?? ''} ${quote(m[2] ?? '')}`,
      evidence: evidence(step),
    };
  }
  return null;
}

/** Traffic to an snat-only external IP that is not a reply: OVN has no connection to undo and nothing to DNAT it to. */
function unsolicitedSnatDiagnosis(trace: Trace): Diagnosis | null {
  const at = trace.steps.findIndex((s) => s.stage === 'lr_in_unsnat' && /ct_snat finds no connection/.test(s.explanation));
  const step = trace.steps[at];
  if (step === undefined) return null;
  // A dnat_and_snat (FIP) or dnat row, or a load balancer, translates the address later on: not unsolicited.
  const dst = step.packetAfter?.dst ?? trace.packet.dst;
  if (trace.steps.slice(at + 1).some((s) => s.packetAfter !== undefined && s.packetAfter.dst !== dst)) return null;
  return {
    code: 'OVN_UNSOLICITED_TO_SNAT_IP',
    host: step.datapath ?? step.host,
    message: `${step.packetAfter?.dst ?? trace.packet.dst} is only an SNAT address of ${step.datapath ?? step.host} (${step.object?.text ?? ''}): traffic that is not a reply to a connection it SNATed has nothing to go to. Inbound traffic needs a dnat_and_snat (FIP) or dnat row, or a load balancer VIP, for that address.`,
    fix: `${NBCTL} lr-nat-add ${step.datapath ?? step.host} dnat_and_snat ${step.packetAfter?.dst ?? trace.packet.dst} <logical ip>`,
    evidence: evidence(step),
  };
}

function portSecurityDiagnosis(trace: Trace, step: TraceStep): Diagnosis | null {
  if (trace.dropReason !== 'OVN_PORT_SECURITY') return null;
  return {
    code: 'OVN_PORT_SECURITY_DROPS',
    host: step.datapath ?? step.host,
    message: step.explanation,
    fix: null,
    evidence: evidence(step),
  };
}

/** A stage whose chassis the snapshot cannot name (no `ovn-sbctl show`, no topology.yaml ovn.chassis). */
function unknownChassisDiagnosis(trace: Trace): Diagnosis | null {
  const step = trace.steps.find(
    (s) => s.kind === 'ovn' && s.chassis !== undefined && s.chassis.startsWith('the chassis of ') && /distributed/.test(s.explanation),
  );
  if (step === undefined) return null;
  const port = (step.chassis ?? '').slice('the chassis of '.length);
  return {
    code: 'OVN_CHASSIS_NOT_CAPTURED',
    host: step.datapath ?? step.host,
    message: `The distributed NAT runs on the chassis where ${port} is bound, and the snapshot does not say which node that is.`,
    fix: 'capture ovn/sbctl-show.txt (`kubectl ko sbctl show`), or map chassis to hosts in topology.yaml ovn.chassis',
    evidence: evidence(step),
  };
}

/** What an OVN trace's end (and its path) says about the cause, in OVN's and kube-ovn's terms. */
export function ovnDiagnoses(trace: Trace): Diagnosis[] {
  const out: (Diagnosis | null)[] = [];
  const last = lastOvnStep(trace);
  if (last !== null) out.push(aclDiagnosis(trace, last), routeDiagnosis(trace, last), portSecurityDiagnosis(trace, last));
  out.push(unsolicitedSnatDiagnosis(trace), unknownChassisDiagnosis(trace));
  return out.filter((d): d is Diagnosis => d !== null);
}
