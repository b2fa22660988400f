import type { CompiledRule, TargetEffect } from './compiled-types';
import type { EvalContext } from './eval-context';
import { kubeAnnotations } from '../diagnosis/kube-annotations';

/** The matched rule's conditions in plain words, read before its target changes the packet. */
export function describeConditions(rule: CompiledRule, ctx: EvalContext): string[] {
  const parts: string[] = [];
  for (const match of rule.matches) {
    const text = match.describe(ctx);
    if (text !== '') parts.push(text);
  }
  return parts;
}

/**
 * The rule's comment (` — "comment"`) and what the kube-proxy / kube-ovn names in it mean
 * (` [KUBE-SVC-... = ...]`), either possibly empty: worked out the first time the rule matches and
 * kept with the compiled rule for later traces.
 */
function explanationTail(rule: CompiledRule): string {
  let tail = rule.explanationTail;
  if (tail === undefined) {
    const note = rule.comment === null ? '' : ` — "${rule.comment}"`;
    const kube = kubeAnnotations(rule.text);
    tail = kube.length === 0 ? note : `${note} [${kube.join('; ')}]`;
    rule.explanationTail = tail;
  }
  return tail;
}

/** `matched -d 192.169.100.2/32: DNAT to 13.13.0.4 — "comment"`. */
export function ruleExplanation(conditions: readonly string[], effect: TargetEffect, rule: CompiledRule): string {
  const head = conditions.length > 0 ? `matched ${conditions.join(', ')}` : 'matches every packet';
  return `${head}: ${effect.text}${explanationTail(rule)}`;
}

export function policyExplanation(chain: string, policy: 'ACCEPT' | 'DROP', afterReturn: boolean): string {
  const how = afterReturn ? `RETURN from built-in chain ${chain}` : `end of built-in chain ${chain}`;
  return `${how}: policy ${policy}`;
}
