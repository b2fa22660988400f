import { causeKey, type BehaviouralDiff, type CauseGroup } from '@hookpath/diff';

/**
 * One behavioural diff from diffs of consecutive slices of a flow set: flow indexes move by each
 * slice's offset, groups of the same cause join, and the order is the one behaviouralDiff gives
 * (most flows first, ties by first flow).
 */
export function mergeBehaviouralDiffs(parts: readonly { offset: number; diff: BehaviouralDiff }[]): BehaviouralDiff {
  const groups = new Map<string, CauseGroup>();
  const totals = { flows: 0, unchanged: 0, changed: 0 };
  for (const { offset, diff } of parts) {
    totals.flows += diff.totals.flows;
    totals.unchanged += diff.totals.unchanged;
    totals.changed += diff.totals.changed;
    for (const group of diff.groups) {
      const flows = group.flows.map((f) => ({ ...f, index: f.index + offset }));
      const key = causeKey(group.cause);
      const existing = groups.get(key);
      if (existing === undefined) groups.set(key, { cause: group.cause, flows, count: group.count });
      else {
        existing.flows.push(...flows);
        existing.count += group.count;
      }
    }
  }
  const firstIndex = (g: CauseGroup): number => g.flows[0]?.index ?? 0;
  const sorted = [...groups.values()].sort((x, y) => y.count - x.count || firstIndex(x) - firstIndex(y));
  return { totals, groups: sorted };
}
