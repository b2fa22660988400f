import type { RuleMatch } from '@hookpath/model';
import { parseIpv4 } from '../../net/ipv4';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { badValue, optionNotModelled, optionText, type MatchSite } from './match-support';

/** `-m iprange --src-range A-B / --dst-range A-B` (xt_iprange.c): inclusive ranges, `!` per option. */
export function compileIprangeMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const checks: Array<(ctx: EvalContext) => boolean> = [];
  const texts: string[] = [];
  for (const option of match.options) {
    if (option.name !== 'src-range' && option.name !== 'dst-range') return optionNotModelled(match, option, site);
    const [fromText, toText] = (option.values[0] ?? '').split('-');
    const from = parseIpv4(fromText ?? '');
    const to = toText === undefined ? from : parseIpv4(toText);
    if (from === null || to === null) return badValue(match, option, site);
    const negated = option.negated;
    if (option.name === 'src-range') checks.push((ctx) => (ctx.src >= from && ctx.src <= to) !== negated);
    else checks.push((ctx) => (ctx.dst >= from && ctx.dst <= to) !== negated);
    texts.push(optionText(option));
  }
  const text = texts.join(', ');
  return {
    module: 'iprange',
    test: (ctx) => (checks.every((check) => check(ctx)) ? YES : NO),
    describe: () => text,
  };
}
