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

/** `matched -d 192.169.100.2/32: DNAT to 13.13.0.4 — "comment"`. */
export function ruleExplanation(conditions: readonly string[], effect: TargetEffect, comment: string | null, ruleText = ''): string {
  const head = conditions.length > 0 ? `matched ${conditions.join(', ')}` : 'matches every packet';
  const note = comment === null ? '' : ` — "${comment}"`;
  const kube = kubeAnnotations(ruleText);
  const meaning = kube.length === 0 ? '' : ` [${kube.join('; ')}]`;
  return `${head}: ${effect.text}${note}${meaning}`;
}

export function policyExplanation(chain: string, policy: 'ACCEPT' | 'DROP', afterReturn: boolean): string {
  const how = afterReturn ? `RETURN from built-in chain ${chain}` : `end of built-in chain ${chain}`;
  return `${how}: policy ${policy}`;
}
