import type { RuleMatch, RuleOption } from '@hookpath/model';
import { parsePrefix } from '../../net/ipv4';
import { NO, YES, type CompiledMatch, type IndexKey } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { interfaceMatcher, protocolNumber } from '../option-values';
import { badValue, optionNotModelled, optionText, type MatchSite } from './match-support';

const SHORT: Readonly<Record<string, string>> = {
  source: '-s',
  destination: '-d',
  'in-interface': '-i',
  'out-interface': '-o',
  protocol: '-p',
  fragment: '-f',
};

type Check = (ctx: EvalContext) => boolean;

/**
 * The built-in selectors (`-s -d -i -o -p -f`), each with its own `!`, as ip_packet_match()
 * compares them: address under mask, interface names with `+` wildcards, protocol number
 * (`-p all` / `-p 0` matches every protocol). The traced packets are never non-first fragments,
 * so `-f` never matches and `! -f` always does.
 */
export function compileIpMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const checks: Check[] = [];
  const texts: string[] = [];
  for (const option of match.options) {
    const check = compileOption(option);
    if (check === 'unknown') return optionNotModelled(match, option, site);
    if (check === null) return badValue(match, option, site);
    checks.push(check);
    texts.push(optionText(option, SHORT[option.name]));
  }
  const text = texts.join(', ');
  const n = checks.length;
  return {
    module: 'ip',
    key: indexKey(match.options),
    test(ctx) {
      for (let i = 0; i < n; i++) if (!(checks[i] as Check)(ctx)) return NO;
      return YES;
    },
    describe: () => text,
    fixedText: text,
  };
}

function compileOption(option: RuleOption): Check | null | 'unknown' {
  const negated = option.negated;
  const value = option.values[0] ?? '';
  switch (option.name) {
    case 'source':
    case 'destination': {
      const prefix = parsePrefix(value);
      if (prefix === null) return null;
      const { network, mask } = prefix;
      if (option.name === 'source') return (ctx) => ((ctx.src & mask) >>> 0 === network) !== negated;
      return (ctx) => ((ctx.dst & mask) >>> 0 === network) !== negated;
    }
    case 'in-interface': {
      const matches = interfaceMatcher(value);
      return (ctx) => matches(ctx.input.inIface) !== negated;
    }
    case 'out-interface': {
      const matches = interfaceMatcher(value);
      return (ctx) => matches(ctx.input.outIface) !== negated;
    }
    case 'protocol': {
      const number = protocolNumber(value);
      // a protocol name the engine does not know is none of tcp, udp and icmp
      const wanted = number ?? -1;
      // ip_packet_match() skips the test for protocol 0, `!` or not
      if (wanted === 0) return () => true;
      return (ctx) => (ctx.proto === wanted) !== negated;
    }
    case 'fragment':
      return () => negated;
    default:
      return 'unknown';
  }
}

function indexKey(options: readonly RuleOption[]): IndexKey {
  const key: IndexKey = {};
  for (const option of options) {
    if (option.negated) continue;
    const value = option.values[0] ?? '';
    if (option.name === 'destination') {
      const prefix = parsePrefix(value);
      if (prefix !== null && prefix.length === 32) key.dst = prefix.network;
    } else if (option.name === 'protocol') {
      const number = protocolNumber(value);
      if (number !== null && number !== 0) key.proto = number;
    }
  }
  return key;
}
