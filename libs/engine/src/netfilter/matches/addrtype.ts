import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import type { AddressType } from '../table-evaluation';
import { badValue, optionNotModelled, type MatchSite } from './match-support';

const TYPES: ReadonlySet<string> = new Set<AddressType>([
  'UNSPEC',
  'UNICAST',
  'LOCAL',
  'BROADCAST',
  'ANYCAST',
  'MULTICAST',
  'BLACKHOLE',
  'UNREACHABLE',
  'PROHIBIT',
  'THROW',
  'NAT',
  'XRESOLVE',
]);

interface TypeTest {
  types: Set<string>;
  negated: boolean;
}

/**
 * `-m addrtype --src-type/--dst-type LIST [--limit-iface-in|--limit-iface-out]` (xt_addrtype.c
 * revision 1): the address's type (inet_dev_addr_type, through the host's local routing table,
 * restricted to one interface with --limit-iface-*) must be in the list; `!` inverts each option.
 */
export function compileAddrtypeMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let source: TypeTest | null = null;
  let destination: TypeTest | null = null;
  let limit: 'in' | 'out' | null = null;
  for (const option of match.options) {
    switch (option.name) {
      case 'src-type':
      case 'dst-type': {
        const types = (option.values[0] ?? '').split(',');
        if (!types.every((t) => TYPES.has(t))) return badValue(match, option, site);
        const test = { types: new Set(types), negated: option.negated };
        if (option.name === 'src-type') source = test;
        else destination = test;
        break;
      }
      case 'limit-iface-in':
        limit = 'in';
        break;
      case 'limit-iface-out':
        limit = 'out';
        break;
      default:
        return optionNotModelled(match, option, site);
    }
  }
  const typeOf = (ctx: EvalContext, address: string): AddressType => {
    const iface = limit === 'in' ? ctx.input.inIface : limit === 'out' ? ctx.input.outIface : null;
    return iface === null ? ctx.input.env.addressType(address) : ctx.input.env.addressType(address, iface);
  };
  const src = source;
  const dst = destination;
  // the types found by the last test, for its explanation
  let lastSrc: AddressType = 'UNSPEC';
  let lastDst: AddressType = 'UNSPEC';
  const phrase = (ctx: EvalContext, label: string, address: string, test: TypeTest, type: AddressType): string => {
    const list = [...test.types].join(',');
    const scope = limit === null ? '' : ` on ${limit === 'in' ? ctx.input.inIface : ctx.input.outIface}`;
    return test.negated ? `${label} ${address} is ${type}${scope}, not ${list}` : `${label} ${address} is ${type}${scope}`;
  };
  return {
    module: 'addrtype',
    test(ctx) {
      if (src !== null) {
        lastSrc = typeOf(ctx, ctx.packet.src);
        if (src.types.has(lastSrc) === src.negated) return NO;
      }
      if (dst !== null) {
        lastDst = typeOf(ctx, ctx.packet.dst);
        if (dst.types.has(lastDst) === dst.negated) return NO;
      }
      return YES;
    },
    describe(ctx) {
      const parts: string[] = [];
      if (src !== null) parts.push(phrase(ctx, 'source', ctx.packet.src, src, lastSrc));
      if (dst !== null) parts.push(phrase(ctx, 'destination', ctx.packet.dst, dst, lastDst));
      return parts.join(', ');
    },
  };
}
