import type { RuleTarget } from '@hookpath/model';
import type { CompiledTarget } from '../compiled-types';
import { fixedTarget, optionValue, targetOptionNotModelled, type TargetSite } from './target-support';

export const acceptTarget = (): CompiledTarget => fixedTarget('ACCEPT', { action: 'accept', verdict: 'ACCEPT', text: 'accept' });

export const dropTarget = (): CompiledTarget => fixedTarget('DROP', { action: 'drop', verdict: 'DROP', text: 'drop' });

export const returnTarget = (): CompiledTarget =>
  fixedTarget('RETURN', { action: 'return', verdict: 'RETURN', text: 'return to the calling chain' });

/** A rule without `-j`: it only counts; the walk goes on. */
export const noTarget = (): CompiledTarget => fixedTarget('', { action: 'continue', verdict: 'CONTINUE', text: 'no target: continue' });

/** `-j REJECT [--reject-with TYPE]` (default icmp-port-unreachable): dropped, an error goes back. */
export function rejectTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  for (const option of target.options) {
    if (option.name !== 'reject-with') return targetOptionNotModelled(target, option, site);
  }
  const rejectWith = optionValue(target, 'reject-with') ?? 'icmp-port-unreachable';
  const effect = { action: 'reject' as const, verdict: 'REJECT' as const, text: `reject with ${rejectWith}` };
  return {
    name: 'REJECT',
    apply(ctx) {
      ctx.rejectWith = rejectWith;
      return effect;
    },
  };
}
