import type { RuleMatch } from '@hookpath/model';
import type { CompiledMatch } from './compiled-types';
import { compileSetMatch } from './ipset-match';
import { compileAddrtypeMatch } from './matches/addrtype';
import { compileCommentMatch } from './matches/comment';
import { compileConntrackMatch, compileStateMatch } from './matches/conntrack';
import { compileIcmpMatch } from './matches/icmp';
import { compileIpMatch } from './matches/ip';
import { compileIprangeMatch } from './matches/iprange';
import { compileLengthMatch } from './matches/length';
import { compileLimitMatch } from './matches/limit';
import { compileMacMatch } from './matches/mac';
import { compileMarkMatch } from './matches/mark';
import { moduleNotModelled, type MatchCompiler, type MatchSite } from './matches/match-support';
import { compileMultiportMatch } from './matches/multiport';
import { compileOwnerMatch } from './matches/owner';
import { compilePhysdevMatch } from './matches/physdev';
import { compileStatisticMatch } from './matches/statistic';
import { compilePortMatch } from './matches/tcp-udp';

/** The match modules the engine evaluates; any other makes a rule that reaches it UNKNOWN. */
const COMPILERS: ReadonlyMap<string, MatchCompiler> = new Map<string, MatchCompiler>([
  ['ip', compileIpMatch],
  ['tcp', compilePortMatch],
  ['udp', compilePortMatch],
  ['icmp', compileIcmpMatch],
  ['multiport', compileMultiportMatch],
  ['set', compileSetMatch],
  ['mark', compileMarkMatch],
  ['connmark', compileMarkMatch],
  ['conntrack', compileConntrackMatch],
  ['state', compileStateMatch],
  ['addrtype', compileAddrtypeMatch],
  ['comment', compileCommentMatch],
  ['statistic', compileStatisticMatch],
  ['iprange', compileIprangeMatch],
  ['owner', compileOwnerMatch],
  ['length', compileLengthMatch],
  ['mac', compileMacMatch],
  ['limit', compileLimitMatch],
  ['hashlimit', compileLimitMatch],
  ['physdev', compilePhysdevMatch],
]);

/**
 * The modules whose compiled matches may carry an index key (`CompiledMatch.key`): a rule's key is
 * theirs together, so a chain index is built by compiling these matches alone.
 */
export const KEYED_MODULES: ReadonlySet<string> = new Set(['ip', 'tcp', 'udp']);

export function compileMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const compiler = COMPILERS.get(match.module);
  return compiler === undefined ? moduleNotModelled(match, site) : compiler(match, site);
}
