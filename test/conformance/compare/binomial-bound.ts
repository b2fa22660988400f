/**
 * How far a count of Binomial(n, p) may stray before it is evidence against p: the exact
 * equal-tailed acceptance interval, not a normal approximation (which is poor for small p).
 */

/** log(k!) for k = 0..n. */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 1; k <= n; k++) out[k] = (out[k - 1] as number) + Math.log(k);
  return out;
}

/** P(X = k) for k = 0..n, X ~ Binomial(n, p). */
export function binomialPmf(n: number, p: number): number[] {
  if (p <= 0) return Array.from({ length: n + 1 }, (_, k) => (k === 0 ? 1 : 0));
  if (p >= 1) return Array.from({ length: n + 1 }, (_, k) => (k === n ? 1 : 0));
  const lf = logFactorials(n);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  return Array.from({ length: n + 1 }, (_, k) =>
    Math.exp((lf[n] as number) - (lf[k] as number) - (lf[n - k] as number) + k * lp + (n - k) * lq),
  );
}

/**
 * The counts c with P(X <= c) > alpha/2 and P(X >= c) > alpha/2: a count outside [lo, hi] happens
 * with probability at most alpha when p is right.
 */
export function binomialAcceptance(n: number, p: number, alpha: number): { lo: number; hi: number } {
  const pmf = binomialPmf(n, p);
  let lo = 0;
  let below = pmf[0] as number;
  while (lo < n && below <= alpha / 2) below += pmf[++lo] as number;
  let hi = n;
  let above = pmf[n] as number;
  while (hi > 0 && above <= alpha / 2) above += pmf[--hi] as number;
  return { lo, hi };
}
