import type { Trace, TraceBranch, TraceChoice } from '../trace/trace';
import type { ChoicePoint, Decide } from './choice-point';

/** Leaves listed by default; the rest are counted in `branchesOmitted`. */
export const DEFAULT_BRANCH_LIMIT = 64;

/** Runs past which the count of omitted leaves stops (a bound on the work, whatever the tree). */
const MAX_RUNS = 4096;

/** The index a choice point is pinned to (`--backend`, `--choose`), or null when it branches. */
export type Pin = (point: ChoicePoint) => number | null;

interface Met {
  point: ChoicePoint;
  index: number;
  pinned: boolean;
}

interface Run {
  trace: Trace;
  met: Met[];
}

/** Choices the kernel makes once per flow (the multipath hash): asked again in one run, the answer stands. */
function flowKey(point: ChoicePoint): string | null {
  return point.kind === 'multipath' || point.kind === 'ovn-ecmp'
    ? `${point.kind}|${point.host}|${point.rule ?? ''}|${point.among.join(',')}`
    : null;
}

const share = (point: ChoicePoint, index: number): number => {
  const total = point.weights.reduce((a, b) => a + b, 0);
  return total > 0 ? (point.weights[index] ?? 0) / total : 1 / point.among.length;
};

function choiceOf(m: Met): TraceChoice {
  const { host, kind, rule, among } = m.point;
  return {
    host,
    kind,
    ...(rule === undefined ? {} : { rule }),
    chosen: among[m.index] ?? '',
    among,
    ...(m.pinned ? {} : { weight: share(m.point, m.index) }),
  };
}

/** How a leaf's choices are shown (e.g. a kube-proxy spread as one choice); the identity by default. */
export type PresentChoices = (choices: TraceChoice[]) => TraceChoice[];

function branchOf(run: Run, present: PresentChoices): TraceBranch {
  const probability = run.met.reduce((p, m) => (m.pinned ? p : p * share(m.point, m.index)), 1);
  // a leaf's run never has branches of its own: only the driver adds them
  return { probability, choices: present(run.met.map(choiceOf)), ...run.trace };
}

/**
 * The tree of possibilities: `run` is the pure simulation, asked to follow `decide`. The first run
 * takes the first alternative everywhere; a run that met no unpinned choice is the answer as it is
 * (no branches, no second run). Otherwise the leaves are enumerated depth-first, each by a new run
 * that follows a prefix of decisions and the first alternative after it, up to `limit` listed
 * leaves (the rest counted). The top-level fields are the most likely leaf's (ties: the first).
 */
export function exploreBranches(
  run: (decide: Decide) => Trace,
  pin: Pin,
  limit: number = DEFAULT_BRANCH_LIMIT,
  present: PresentChoices = (c) => c,
): Trace {
  let runs = 0;
  const follow = (prefix: readonly number[]): Run => {
    runs++;
    const met: Met[] = [];
    const answered = new Map<string, number>();
    const decide: Decide = (point) => {
      const key = flowKey(point);
      const again = key === null ? undefined : answered.get(key);
      if (again !== undefined) return again;
      const pinned = pin(point);
      const index = pinned ?? prefix[met.length] ?? 0;
      met.push({ point, index, pinned: pinned !== null });
      if (key !== null) answered.set(key, index);
      return index;
    };
    return { trace: run(decide), met };
  };
  const first = follow([]);
  if (first.met.every((m) => m.pinned)) return first.trace;

  const leaves: Run[] = [];
  let omitted = 0;
  const visit = (depth: number, found: Run): void => {
    if (leaves.length < Math.max(1, limit)) leaves.push(found);
    else omitted++;
    for (let i = found.met.length - 1; i >= depth; i--) {
      const m = found.met[i] as Met;
      if (m.pinned) continue;
      for (let alt = 1; alt < m.point.among.length; alt++) {
        if (share(m.point, alt) <= 0 || runs >= MAX_RUNS) continue;
        const prefix = [...found.met.slice(0, i).map((x) => x.index), alt];
        visit(i + 1, follow(prefix));
      }
    }
  };
  visit(0, first);

  const branches = leaves.map((leaf) => branchOf(leaf, present));
  let best = 0;
  branches.forEach((b, i) => {
    if (b.probability > (branches[best]?.probability ?? 0) * (1 + 1e-9)) best = i;
  });
  const top = leaves[best] ?? first;
  return { ...top.trace, branches, branchesOmitted: omitted };
}
