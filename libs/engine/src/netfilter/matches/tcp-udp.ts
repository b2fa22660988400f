import type { RuleMatch, RuleOption } from '@hookpath/model';
import { NO, YES, type CompiledMatch, type IndexKey } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { TCP_FLAG_BITS } from '../../packet/packet';
import { parsePortRange } from '../option-values';
import { badValue, optionNotModelled, optionText, type MatchSite } from './match-support';

type Check = (ctx: EvalContext) => boolean;

const FLAG_BITS: Readonly<Record<string, number>> = {
  ...TCP_FLAG_BITS,
  // libxt_tcp: ALL is the six classic flags
  ALL: 0x3f,
  NONE: 0,
};

/** `SYN,RST,ACK` -> bits, or null for an unknown name. */
export function parseTcpFlags(text: string): number | null {
  let bits = 0;
  for (const name of text.split(',')) {
    const bit = FLAG_BITS[name.toUpperCase()];
    if (bit === undefined) return null;
    bits |= bit;
  }
  return bits;
}

/** `--syn`: the tcp match with mask FIN,SYN,RST,ACK and SYN set (libxt_tcp). */
const SYN_MASK = 0x17;
const SYN_COMP = 0x02;

/**
 * `-m tcp` / `-m udp` as xt_tcpudp.c evaluates them: ports within [min, max] with `!` per option;
 * `--tcp-flags MASK COMP` is (flags & MASK) == COMP; `--syn` is `--tcp-flags FIN,SYN,RST,ACK SYN`.
 * The rule can only be loaded with `-p tcp` / `-p udp`, so another protocol never matches.
 */
export function compilePortMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const protocol = match.module === 'tcp' ? 6 : 17;
  const checks: Check[] = [];
  const texts: string[] = [];
  for (const option of match.options) {
    const check = compileOption(option, match.module === 'tcp');
    if (check === 'unknown') return optionNotModelled(match, option, site);
    if (check === null) return badValue(match, option, site);
    checks.push(check);
    texts.push(optionText(option));
  }
  const text = texts.join(', ');
  const n = checks.length;
  const key: IndexKey = { proto: protocol };
  for (const option of match.options) {
    const range = option.name === 'dport' || option.name === 'destination-port' ? parsePortRange(option.values[0] ?? '') : null;
    if (range !== null && !option.negated && range.from === range.to) key.dport = range.from;
  }
  return {
    module: match.module,
    key,
    test(ctx) {
      if (ctx.proto !== protocol) return NO;
      for (let i = 0; i < n; i++) if (!(checks[i] as Check)(ctx)) return NO;
      return YES;
    },
    describe: () => text,
    fixedText: text,
  };
}

function compileOption(option: RuleOption, tcp: boolean): Check | null | 'unknown' {
  const negated = option.negated;
  switch (option.name) {
    case 'sport':
    case 'source-port':
    case 'dport':
    case 'destination-port': {
      const range = parsePortRange(option.values[0] ?? '');
      if (range === null) return null;
      const { from, to } = range;
      if (option.name === 'sport' || option.name === 'source-port') {
        return (ctx) => (ctx.packet.sport >= from && ctx.packet.sport <= to) !== negated;
      }
      return (ctx) => (ctx.packet.dport >= from && ctx.packet.dport <= to) !== negated;
    }
    case 'syn':
      if (!tcp) return 'unknown';
      return (ctx) => ((ctx.tcpFlags & SYN_MASK) === SYN_COMP) !== negated;
    case 'tcp-flags': {
      if (!tcp) return 'unknown';
      const mask = parseTcpFlags(option.values[0] ?? '');
      const comp = parseTcpFlags(option.values[1] ?? '');
      if (mask === null || comp === null) return null;
      return (ctx) => ((ctx.tcpFlags & mask) === comp) !== negated;
    }
    default:
      return 'unknown';
  }
}
