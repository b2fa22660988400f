import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { parsePortRange, type PortRange } from '../option-values';
import { badValue, optionNotModelled, optionText, type MatchSite } from './match-support';

const inList = (ranges: readonly PortRange[], port: number): boolean => ranges.some((r) => port >= r.from && port <= r.to);

/**
 * `-m multiport --sports|--dports|--ports LIST` (xt_multiport revision 1): a list of ports and
 * `a:b` ranges; `--ports` matches when either port is listed; `!` inverts the whole list.
 */
export function compileMultiportMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const checks: Array<(ctx: EvalContext) => boolean> = [];
  const texts: string[] = [];
  for (const option of match.options) {
    const ranges: PortRange[] = [];
    for (const item of (option.values[0] ?? '').split(',')) {
      const range = parsePortRange(item);
      if (range === null) return badValue(match, option, site);
      ranges.push(range);
    }
    const negated = option.negated;
    switch (option.name) {
      case 'sports':
      case 'source-ports':
        checks.push((ctx) => inList(ranges, ctx.packet.sport) !== negated);
        break;
      case 'dports':
      case 'destination-ports':
        checks.push((ctx) => inList(ranges, ctx.packet.dport) !== negated);
        break;
      case 'ports':
        checks.push((ctx) => (inList(ranges, ctx.packet.sport) || inList(ranges, ctx.packet.dport)) !== negated);
        break;
      default:
        return optionNotModelled(match, option, site);
    }
    texts.push(optionText(option));
  }
  const text = texts.join(', ');
  return {
    module: 'multiport',
    test(ctx) {
      // the rule needs -p tcp/udp/sctp/dccp/udplite; icmp has no ports
      if (ctx.proto === 1) return NO;
      for (const check of checks) if (!check(ctx)) return NO;
      return YES;
    },
    describe: () => text,
  };
}
