import type { Diagnosis, Trace, TraceStep } from '../trace/trace';
import { describeKubeChain, kubeAnnotations } from '../netfilter/kube-annotations';

const DROPPING = new Set(['DROP', 'REJECT', 'POLICY_DROP']);

/** The chains the kernel walked on the same host and hook to reach the dropping step, outermost first. */
function chainPath(steps: readonly TraceStep[], at: number): string[] {
  const last = steps[at];
  const path: string[] = [];
  for (let i = at; i >= 0; i--) {
    const s = steps[i];
    if (s.kind !== 'netfilter' || s.host !== last.host || s.hook !== last.hook || s.table !== last.table) break;
    if (s.chain !== undefined && path[0] !== s.chain) path.unshift(s.chain);
  }
  return path;
}

function acceptCommand(trace: Trace, step: TraceStep): string {
  const p = step.packetAfter ?? null;
  const proto = trace.packet.proto;
  const src = p?.src ?? trace.packet.src;
  const dst = p?.dst ?? trace.packet.dst;
  const port = proto === 'icmp' ? '' : ` --dport ${p?.dport ?? trace.packet.dport ?? 0}`;
  return `iptables -t ${step.table ?? 'filter'} -I ${step.chain ?? 'INPUT'} -s ${src}/32 -d ${dst}/32 -p ${proto}${port} -j ACCEPT`;
}

/**
 * A rule (or a built-in chain's DROP policy) ended the packet: which rule, in which chain, and which
 * kube-proxy / kube-ovn object wrote it when its chain, comment or sets say so.
 */
export function ruleDropsDiagnosis(trace: Trace): Diagnosis | null {
  const dropped =
    (trace.disposition === 'DROPPED' && (trace.dropReason === 'RULE' || trace.dropReason === 'POLICY')) || trace.disposition === 'REJECTED';
  if (!dropped) return null;
  let at = -1;
  for (let i = trace.steps.length - 1; i >= 0; i--) {
    const s = trace.steps[i];
    if (s.kind === 'netfilter' && s.verdict !== undefined && DROPPING.has(s.verdict)) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const step = trace.steps[at];
  const path = chainPath(trace.steps, at);
  const owners: string[] = [];
  for (const chain of path) {
    const d = describeKubeChain(chain);
    if (d !== null) owners.push(`${chain} = ${d}`);
  }
  const ruleText = step.rule ?? null;
  if (ruleText !== null) owners.push(...kubeAnnotations(ruleText).filter((a) => !owners.includes(a)));
  const what = ruleText === null ? `the policy DROP of built-in chain ${step.chain ?? '?'}` : `rule \`${ruleText}\``;
  const where = `table ${step.table ?? '?'}, chain ${step.chain ?? '?'} (hook ${step.hook ?? '?'}${path.length > 1 ? `, reached through ${path.join(' -> ')}` : ''})`;
  const from = owners.length === 0 ? '' : ` It comes from ${owners.join('; ')}.`;
  const managed = owners.some((o) => o.includes('kube-proxy') || o.includes('kube-ovn'));
  let fix: string;
  if (ruleText === null)
    fix = `in ${step.host}: ${acceptCommand(trace, step)}${step.chain === undefined ? '' : ` (or iptables -t ${step.table ?? 'filter'} -P ${step.chain} ACCEPT)`}`;
  else if (managed)
    fix = `change the Kubernetes object the rule comes from (its controller rewrites the rule); to test: in ${step.host}: iptables -t ${step.table ?? 'filter'} -D ${ruleText.replace(/^-A /, '')}`;
  else fix = `in ${step.host}: iptables -t ${step.table ?? 'filter'} -D ${ruleText.replace(/^-A /, '')}`;
  return {
    code: 'RULE_DROPS',
    message: `On ${step.host} ${what} in ${where} ${step.verdict === 'REJECT' ? 'rejects' : 'drops'} the packet.${from}`,
    fix,
    host: step.host,
    evidence:
      path.length > 0 ? [`${step.host} ${step.table ?? ''}/${step.chain ?? ''}: ${ruleText ?? `policy ${step.verdict ?? ''}`}`] : [],
  };
}
