/** What kind of decision the snapshot does not fix. */
export type ChoiceKind = 'statistic' | 'ipvs' | 'multipath' | 'ovn-lb' | 'ovn-ecmp';

/**
 * A place where the outcome depends on a choice the snapshot does not fix: one of `among`, each
 * with its weight (relative; the driver normalises them). Asked only when there are at least two.
 */
export interface ChoicePoint {
  host: string;
  kind: ChoiceKind;
  /** The rule, route or load balancer that offers the choice, as the snapshot writes it. */
  rule?: string;
  among: string[];
  weights: number[];
}

/** Answers a choice point with the index (into `among`) of the alternative to follow. */
export type Decide = (point: ChoicePoint) => number;

/** The answer of a simulation run without a driver: the first alternative. */
export const FIRST: Decide = () => 0;

/** Asks `decide` when there is one and more than one alternative, else takes the first. */
export function decideAt(decide: Decide | undefined, point: ChoicePoint): number {
  if (decide === undefined || point.among.length < 2) return 0;
  const index = decide(point);
  return Number.isInteger(index) && index >= 0 && index < point.among.length ? index : 0;
}
