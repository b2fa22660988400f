import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import { badValue, optionNotModelled, undecidable, siteText, type MatchSite } from './match-support';

const fixed = (p: number): string => p.toFixed(4);

/**
 * `-m statistic`. A trace follows one path, so the random mode takes the rule's own alternative:
 * the rule matches, and the explanation gives its probability and what the other packets do
 * (kube-proxy spreads a service over its endpoints this way). The nth mode starts its counter so
 * that packet k (counting from 1) matches when (k - 1 - P) is a multiple of N (xt_statistic.c with
 * libxt_statistic's initial count N - 1 - P): the traced packet is taken as the first one counted,
 * so it matches exactly when `--packet` is 0. `!` (XT_STATISTIC_INVERT) flips either mode.
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
    const p = probability ?? 0;
    const taken = negated ? 1 - p : p;
    const text = `taken with probability ${fixed(taken)}; the remaining ${fixed(1 - taken)} continue`;
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
