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
 * The nth mode matches one packet in N (xt_statistic.c: a counter shared by the rule's packets,
 * started at N - 1 - P by libxt_statistic). The counter is kernel state that iptables-save does
 * not print, so which packet of the cycle the traced one is stays open: a choice point with
 * probability 1/N for the rule's target and (N - 1)/N for the next rule.
 * `!` (XT_STATISTIC_INVERT) flips either mode.
 */
export function compileStatisticMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let mode = '';
  let probability: number | null = null;
  let every: number | null = null;
  let packet = 0;
  let packetOption: RuleMatch['options'][number] | null = null;
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
        packetOption = option;
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
    // libxt_statistic refuses --packet >= --every
    if (packetOption !== null && packet >= every) return badValue(match, packetOption, site);
    if (every === 1)
      return negated
        ? { module: 'statistic', test: () => NO, describe: () => '' }
        : { module: 'statistic', test: () => YES, describe: () => '--every 1: every packet' };
    const taken = negated ? (every - 1) / every : 1 / every;
    const text = `${negated ? '! ' : ''}--every ${every} --packet ${packet}: the rule's packet counter is not in the snapshot, so taken with probability ${fixed(taken)}; the remaining ${fixed(1 - taken)} continue`;
    return { module: 'statistic', test: (ctx) => (randomChoice(ctx, taken) === 0 ? YES : NO), describe: () => text };
  }
  return undecidable('statistic', `match "-m statistic" in ${siteText(site)} has no usable --mode`);
}
