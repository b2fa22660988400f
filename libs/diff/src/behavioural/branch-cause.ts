import { branchChoices, type Trace } from '@hookpath/engine';
import { branchChanges } from './branch-changes';
import type { Cause } from './cause';
import type { ChangeIndex } from './change-index';
import { findCause } from './divergence';
import type { FlowOutcome } from './flow';
import { fate, header, route } from './outcome-keys';

const leafDiffers = (b: FlowOutcome, t: FlowOutcome): boolean =>
  fate(b) !== fate(t) ||
  fate(b.reply) !== fate(t.reply) ||
  route(b) !== route(t) ||
  route(b.reply) !== route(t.reply) ||
  header(b) !== header(t) ||
  header(b.reply) !== header(t.reply);

/** The leaf of `trace` reached by these choices; the trace itself when it has no branches or none matches. */
function leafOf(trace: Trace, choices: string): Trace {
  return trace.branches?.find((b) => branchChoices(b) === choices) ?? trace;
}

/**
 * Why a flow's traces differ when its leaves may differ: the most likely leaves' divergence when
 * they end differently; else the first leaf that changed, compared with its counterpart (a leaf on
 * one side only is compared with the other side's most likely leaf, so the cause is where the
 * choice went elsewhere).
 */
export function branchCause(base: Trace, target: Trace, baseOutcome: FlowOutcome, targetOutcome: FlowOutcome, index: ChangeIndex): Cause {
  if (leafDiffers(baseOutcome, targetOutcome)) return findCause(base, target, index);
  const first = branchChanges(baseOutcome, targetOutcome)[0];
  if (first === undefined) return findCause(base, target, index);
  const b = first.base === null ? base : leafOf(base, first.choices);
  const t = first.target === null ? target : leafOf(target, first.choices);
  return findCause(b, t, index);
}
