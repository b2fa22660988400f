import type { RuleMatch } from '@hookpath/model';
import { NO, UNDECIDED, YES, type CompiledMatch } from '../compiled-types';
import { badValue, optionNotModelled, optionText, siteText, type MatchSite } from './match-support';

/**
 * `-m mac --mac-source MAC` (xt_mac.c): the frame's source MAC (`Packet.srcMac`, the sending
 * interface's address, set when the packet arrived over a link), `!` inverts. A packet received on
 * a device that is not Ethernet (lo is ARPHRD_LOOPBACK) never matches, `!` or not.
 */
export function compileMacMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const option = match.options[0];
  if (option === undefined) return { module: 'mac', test: () => YES, describe: () => '' };
  if (option.name !== 'mac-source') return optionNotModelled(match, option, site);
  const wanted = (option.values[0] ?? '').toLowerCase();
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(wanted)) return badValue(match, option, site);
  const negated = option.negated;
  const text = optionText(option);
  const unknownMac = `match "-m mac" in ${siteText(site)} needs the frame's source MAC, which the trace does not know`;
  return {
    module: 'mac',
    test(ctx) {
      if (ctx.input.inIface === 'lo') return NO;
      const mac = ctx.packet.srcMac;
      if (mac === undefined) {
        ctx.undecided = unknownMac;
        return UNDECIDED;
      }
      return (mac.toLowerCase() === wanted) !== negated ? YES : NO;
    },
    describe: () => text,
  };
}
