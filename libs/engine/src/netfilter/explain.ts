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

const meanings = new WeakMap<CompiledRule, string>();

/**
 * What the kube-proxy / kube-ovn names in a rule mean (` [KUBE-SVC-... = ...]`, or empty), worked
 * out the first time the rule matches and kept with the compiled rule for later traces.
 */
function ruleMeaning(rule: CompiledRule): string {
  let meaning = meanings.get(rule);
  if (meaning === undefined) {
    const kube = kubeAnnotations(rule.text);
    meaning = kube.length === 0 ? '' : ` [${kube.join('; ')}]`;
    meanings.set(rule, meaning);
  }
  return meaning;
}

/** `matched -d 192.169.100.2/32: DNAT to 13.13.0.4 — "comment"`. */
export function ruleExplanation(conditions: readonly string[], effect: TargetEffect, rule: CompiledRule): string {
  const head = conditions.length > 0 ? `matched ${conditions.join(', ')}` : 'matches every packet';
  const note = rule.comment === null ? '' : ` — "${rule.comment}"`;
  return `${head}: ${effect.text}${note}${ruleMeaning(rule)}`;
}

export function policyExplanation(chain: string, policy: 'ACCEPT' | 'DROP', afterReturn: boolean): string {
  const how = afterReturn ? `RETURN from built-in chain ${chain}` : `end of built-in chain ${chain}`;
  return `${how}: policy ${policy}`;
}
