import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import { hex, parseMarkMask } from '../option-values';
import { badValue, optionNotModelled, type MatchSite } from './match-support';

/**
 * `-m mark --mark V[/M]` (xt_mark: (skb->mark & M) == V, `!` inverts) and `-m connmark --mark V[/M]`
 * (the same on the connection's mark; no usable connection never matches, `!` or not).
 */
export function compileMarkMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const connmark = match.module === 'connmark';
  const option = match.options[0];
  if (option === undefined) return { module: match.module, test: () => YES, describe: () => '' };
  if (option.name !== 'mark') return optionNotModelled(match, option, site);
  const extra = match.options[1];
  if (extra !== undefined) return optionNotModelled(match, extra, site);
  const parsed = parseMarkMask(option.values[0] ?? '');
  if (parsed === null) return badValue(match, option, site);
  const { value, mask } = parsed;
  const negated = option.negated;
  const wanted = `${hex(value)}/${hex(mask)}`;
  const what = connmark ? 'connection mark' : 'mark';
  return {
    module: match.module,
    test(ctx) {
      let mark: number;
      if (connmark) {
        if (ctx.ct === null) return NO;
        mark = ctx.ctMark;
      } else {
        mark = ctx.packet.mark;
      }
      return ((mark & mask) >>> 0 === value) !== negated ? YES : NO;
    },
    describe(ctx) {
      const mark = connmark ? ctx.ctMark : ctx.packet.mark;
      return `${what} ${hex(mark)} ${negated ? 'does not match' : 'matches'} ${wanted}`;
    },
  };
}
