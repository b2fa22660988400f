import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import { badValue, optionNotModelled, optionText, type MatchSite } from './match-support';

/** `-m length --length MIN[:MAX]` (xt_length.c): the IP total length within range, `!` inverts. */
export function compileLengthMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const option = match.options[0];
  if (option === undefined) return { module: 'length', test: () => YES, describe: () => '' };
  if (option.name !== 'length') return optionNotModelled(match, option, site);
  const m = /^([0-9]+)(?::([0-9]*))?$/.exec(option.values[0] ?? '');
  if (m === null) return badValue(match, option, site);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[2] === '' ? 65535 : Number(m[2]);
  const negated = option.negated;
  const text = optionText(option);
  return {
    module: 'length',
    test: (ctx) => ((ctx.packet.length >= min && ctx.packet.length <= max) !== negated ? YES : NO),
    describe: (ctx) => `${text} (length ${ctx.packet.length})`,
  };
}
