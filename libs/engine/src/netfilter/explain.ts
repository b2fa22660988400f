import type { CompiledRule, TargetEffect } from './compiled-types';
import type { EvalContext } from './eval-context';
import { kubeAnnotations } from './kube-annotations';

/** The matched rule's conditions in plain words, read before its target changes the packet. */
export function describeConditions(rule: CompiledRule, ctx: EvalContext): string[] {
  const parts: string[] = [];
  for (const match of rule.matches) {
    const text = match.describe(ctx);
    if (text !== '') parts.push(text);
  }
  return parts;
}

const headOf = (conditions: readonly string[]): string =>
  conditions.length > 0 ? `matched ${conditions.join(', ')}` : 'matches every packet';

/** The head of the explanation when every match describes itself the same for every packet, else null. */
function fixedHeadOf(rule: CompiledRule): string | null {
  const parts: string[] = [];
  for (const match of rule.matches) {
    const text = match.fixedText;
    if (text === undefined) return null;
    if (text !== '') parts.push(text);
  }
  return headOf(parts);
}

/** `matched -d 10.96.0.10/32, -p udp` or `matches every packet`: the conditions, read before the target changes the packet. */
export function conditionsHead(rule: CompiledRule, ctx: EvalContext): string {
  let fixed = rule.fixedHead;
  if (fixed === undefined) {
    fixed = fixedHeadOf(rule);
    rule.fixedHead = fixed;
  }
  return fixed ?? headOf(describeConditions(rule, ctx));
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

/**
 * `matched -d 192.169.100.2/32: DNAT to 13.13.0.4 — "comment"` (`head` from conditionsHead). A jump
 * or goto of a rule whose conditions read the same for every packet explains itself the same every
 * time: that text is kept with the rule.
 */
export function ruleExplanation(head: string, effect: TargetEffect, rule: CompiledRule): string {
  const fixed = head === rule.fixedHead && (effect.action === 'jump' || effect.action === 'goto');
  const known = rule.jumpExplanation;
  if (fixed && known !== undefined && known.effect === effect) return known.text;
  const text = `${head}: ${effect.text}${explanationTail(rule)}`;
  if (fixed) rule.jumpExplanation = { effect, text };
  return text;
}

export function policyExplanation(chain: string, policy: 'ACCEPT' | 'DROP', afterReturn: boolean): string {
  const how = afterReturn ? `RETURN from built-in chain ${chain}` : `end of built-in chain ${chain}`;
  return `${how}: policy ${policy}`;
}
