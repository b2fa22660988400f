import type { RuleTarget } from '@hookpath/model';
import type { CompiledTarget, TargetEffect } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { targetOptionNotModelled, type TargetSite } from './target-support';

function untrack(ctx: EvalContext): void {
  ctx.notrack = true;
  ctx.ct = null;
  ctx.ctState = 'UNTRACKED';
}

const NOTRACK_EFFECT: TargetEffect = { action: 'continue', verdict: 'NOTRACK', text: 'no connection tracking for this packet (UNTRACKED)' };

/** `-j NOTRACK` (raw): the packet is marked untracked; conntrack and nat skip it. */
export function notrackTarget(): CompiledTarget {
  return {
    name: 'NOTRACK',
    apply(ctx) {
      untrack(ctx);
      return NOTRACK_EFFECT;
    },
  };
}

/** Options of `-j CT` that do not change which connection the packet belongs to. */
const HARMLESS = new Set(['helper', 'ctevents', 'expevents', 'timeout']);

/**
 * `-j CT` (raw): `--notrack` as NOTRACK; `--helper`, `--ctevents`, `--expevents`, `--timeout` only
 * configure the connection about to be created and leave the path alone; zones change which
 * entries the packet is looked up in, which is not modelled.
 */
export function ctTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  let notrack = false;
  for (const option of target.options) {
    if (option.name === 'notrack') notrack = true;
    else if (!HARMLESS.has(option.name)) return targetOptionNotModelled(target, option, site);
  }
  if (notrack) return { ...notrackTarget(), name: 'CT' };
  const text = `CT ${target.options.map((o) => `--${o.name} ${o.values.join(' ')}`.trimEnd()).join(' ')}: connection settings only, the path is unchanged`;
  const effect: TargetEffect = { action: 'continue', verdict: 'CONTINUE', text };
  return { name: 'CT', apply: () => effect };
}
