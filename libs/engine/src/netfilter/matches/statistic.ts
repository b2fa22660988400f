import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import { badValue, optionNotModelled, undecidable, siteText, type MatchSite } from './match-support';

const fixed = (p: number): string => p.toFixed(4);

/** libxt_statistic stores the probability as lround(0x80000000 * p). */
const RANDOM_SCALE = 0x80000000;

/**
 * `-m statistic`. Random mode (xt_statistic.c): the rule matches when
 * `(get_random_u32() & 0x7FFFFFFF) < probability`, `!` flipping the answer; so a stored 0 never
 * matches and 0x80000000 (p = 1) always does, whatever the random number. A trace follows one
 * path: a rule that can match takes the rule's own alternative (the first), and the explanation
 * gives its probability and what the other packets do (kube-proxy spreads a service over its
 * endpoints this way); a rule that can never match (p = 0, or `!` with p = 1) is not taken.
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
    const text = taken >= 1 ? 'taken always (probability 1)' : `taken with probability ${fixed(taken)}; the remaining ${fixed(1 - taken)} continue`;
    return { module: 'statistic', test: () => YES, describe: () => text };
  }
  if (mode === 'nth' && every !== null) {
    const hit = (packet % every === 0) !== negated;
    const n = every;
    const text = `${negated ? '! ' : ''}--every ${n} --packet ${packet}: the traced packet is taken as the first one counted`;
    return { module: 'statistic', test: () => (hit ? YES : NO), describe: () => text };
  }
  return undecidable('statistic', `match "-m statistic" in ${siteText(site)} has no usable --mode`);
}
