import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import { decideAt } from '../../branches/choice-point';
import type { EvalContext } from '../eval-context';
import { badValue, optionNotModelled, undecidable, siteText, type MatchSite } from './match-support';

const fixed = (p: number): string => p.toFixed(4);

/** libxt_statistic stores the probability as lround(0x80000000 * p). */
const RANDOM_SCALE = 0x80000000;

/** The rule's target, or what the packet does without a target. */
const targetOf = (ctx: EvalContext): string => (ctx.rule === null || ctx.rule.target.name === '' ? 'the rule' : ctx.rule.target.name);

/** 0: the rule matches (probability `taken`), 1: the packet goes on to the next rule. */
function randomChoice(ctx: EvalContext, taken: number): number {
  const target = targetOf(ctx);
  return decideAt(ctx.input.decide, {
    host: ctx.input.host,
    kind: 'statistic',
    ...(ctx.rule === null ? {} : { rule: ctx.rule.text }),
    among: [target, `not ${target}`],
    weights: [taken, 1 - taken],
  });
}

/**
 * `-m statistic`. Random mode (xt_statistic.c): the rule matches when
 * `(get_random_u32() & 0x7FFFFFFF) < probability`, `!` flipping the answer; so a stored 0 never
 * matches and 0x80000000 (p = 1) always does, whatever the random number. Any other probability is
 * a choice point (`statistic`: the rule's target with p, the next rule with 1 - p) that the branch
 * driver follows both ways (kube-proxy spreads a service over its endpoints this way); a run
 * without a driver takes the rule's own alternative.
 * The nth mode starts its counter so that packet k (counting from 1) matches when (k - 1 - P) is
 * a multiple of N (xt_statistic.c with libxt_statistic's initial count N - 1 - P): the traced
 * packet is taken as the first one counted, so it matches exactly when `--packet` is 0.
 * `!` (XT_STATISTIC_INVERT) flips either mode.
 */
export function compileStatisticMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let mode = '';
  let probability: number | null = null;
  let every: number | null = null;
  let packet = 0;
  let negated = false;
  for (const option of match.options) {
    negated = negated !== option.negated;
    const value = option.values[0] ?? '';
    switch (option.name) {
      case 'mode':
        if (value !== 'random' && value !== 'nth') return badValue(match, option, site);
        mode = value;
        break;
      case 'probability':
        probability = Number(value);
        if (value === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) return badValue(match, option, site);
        break;
      case 'every':
        every = /^[0-9]+$/.test(value) ? Number(value) : 0;
        if (every < 1) return badValue(match, option, site);
        break;
      case 'packet':
        if (!/^[0-9]+$/.test(value)) return badValue(match, option, site);
        packet = Number(value);
        break;
      default:
        return optionNotModelled(match, option, site);
    }
  }
  if (mode === 'random') {
    const stored = Math.round(RANDOM_SCALE * (probability ?? 0));
    // the share of random numbers (31 bits) below the stored value, flipped by `!`
    const below = stored / RANDOM_SCALE;
    const taken = negated ? 1 - below : below;
    if (taken <= 0) return { module: 'statistic', test: () => NO, describe: () => '' };
    if (taken >= 1) return { module: 'statistic', test: () => YES, describe: () => 'taken always (probability 1)' };
    const text = `taken with probability ${fixed(taken)}; the remaining ${fixed(1 - taken)} continue`;
    return { module: 'statistic', test: (ctx) => (randomChoice(ctx, taken) === 0 ? YES : NO), describe: () => text };
  }
  if (mode === 'nth' && every !== null) {
    const hit = (packet % every === 0) !== negated;
    const n = every;
    const text = `${negated ? '! ' : ''}--every ${n} --packet ${packet}: the traced packet is taken as the first one counted`;
    return { module: 'statistic', test: () => (hit ? YES : NO), describe: () => text };
  }
  return undecidable('statistic', `match "-m statistic" in ${siteText(site)} has no usable --mode`);
}
