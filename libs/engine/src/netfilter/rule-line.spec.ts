import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { exampleFiles, parseExample } from '../pipeline/testing/load-example';
import { simulate } from '../simulate';
import type { Trace, TraceStep } from '../trace/trace';

/** Netfilter steps carry the line of their rule in the host's iptables file (TraceStep.line). */
const ruleSteps = (t: Trace, host: string): TraceStep[] => t.steps.filter((s) => s.host === host && s.kind === 'netfilter');

/** The rule at a 1-based line of a file, without iptables-save's `[packets:bytes]` prefix. */
function ruleAt(content: string, line: number): string | undefined {
  return content.split('\n')[line - 1]?.replace(/^\[\d+:\d+\]\s+/, '');
}

describe('TraceStep.line: the matched rule in the host iptables file', () => {
  it('iptables-save.txt (example 004, pod -> LoadBalancer IP): every rule step names its line, the policy none', () => {
    const node = 'node-10-12-97-49';
    const files = exampleFiles('004-eni-ipvs-rp-filter');
    const content = files.find((f) => f.path === `hosts/${node}/iptables-save.txt`)?.content ?? '';
    const t = simulate(parseExample(files), {
      from: 'pod-10-12-192-44',
      packet: { src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp', sport: 44624, dport: 80 },
    });
    const steps = ruleSteps(t, node);
    const masquerade = steps.find((s) => s.verdict === 'MASQUERADE');
    assert.equal(masquerade?.rule, '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE');
    assert.equal(masquerade?.line, 55);
    const withRule = steps.filter((s) => s.rule !== null && s.rule !== undefined);
    assert.ok(withRule.length >= 4, `expected several rule steps, got ${withRule.length}`);
    for (const s of withRule) assert.equal(ruleAt(content, s.line ?? 0), s.rule, `${s.table}/${s.chain} line ${String(s.line)}`);
    for (const s of steps.filter((x) => x.rule === null)) assert.equal(s.line, undefined, `policy of ${s.table}/${s.chain}`);
  });

  it('iptables -S files (example 000, iptables-nat.txt): the line in the table file', () => {
    const gw = 'vpc-nat-gw-eip-p7cs4r5y-0';
    const t = simulate(parseExample(exampleFiles('000-vpc-nat-gw-eip')), {
      from: 'vm-13-13-0-4',
      packet: { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 4242 },
    });
    const post = ruleSteps(t, gw).filter((s) => s.hook === 'POSTROUTING');
    assert.deepEqual(
      post.map((s) => [s.chain, s.verdict, s.line]),
      [
        ['POSTROUTING', 'JUMP', 12],
        ['SNAT_FILTER', 'JUMP', 17],
        ['EXCLUSIVE_SNAT', 'SNAT', 16],
      ],
    );
  });
});
