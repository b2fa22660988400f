import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import { badValue, optionNotModelled, optionText, type MatchSite } from './match-support';

interface IcmpSpec {
  type: number;
  codeMin: number;
  codeMax: number;
}

const all = (type: number): IcmpSpec => ({ type, codeMin: 0, codeMax: 255 });
const one = (type: number, code: number): IcmpSpec => ({ type, codeMin: code, codeMax: code });

/** The names libxt_icmp accepts (`iptables -p icmp -h`), with its aliases. */
const NAMES: Readonly<Record<string, IcmpSpec>> = {
  any: all(255),
  'echo-reply': all(0),
  pong: all(0),
  'destination-unreachable': all(3),
  'network-unreachable': one(3, 0),
  'host-unreachable': one(3, 1),
  'protocol-unreachable': one(3, 2),
  'port-unreachable': one(3, 3),
  'fragmentation-needed': one(3, 4),
  'source-route-failed': one(3, 5),
  'network-unknown': one(3, 6),
  'host-unknown': one(3, 7),
  'network-prohibited': one(3, 9),
  'host-prohibited': one(3, 10),
  'TOS-network-unreachable': one(3, 11),
  'TOS-host-unreachable': one(3, 12),
  'communication-prohibited': one(3, 13),
  'host-precedence-violation': one(3, 14),
  'precedence-cutoff': one(3, 15),
  'source-quench': all(4),
  redirect: all(5),
  'network-redirect': one(5, 0),
  'host-redirect': one(5, 1),
  'TOS-network-redirect': one(5, 2),
  'TOS-host-redirect': one(5, 3),
  'echo-request': all(8),
  ping: all(8),
  'router-advertisement': all(9),
  'router-solicitation': all(10),
  'time-exceeded': all(11),
  'ttl-exceeded': all(11),
  'ttl-zero-during-transit': one(11, 0),
  'ttl-zero-during-reassembly': one(11, 1),
  'parameter-problem': all(12),
  'ip-header-bad': one(12, 0),
  'required-option-missing': one(12, 1),
  'timestamp-request': all(13),
  'timestamp-reply': all(14),
  'address-mask-request': all(17),
  'address-mask-reply': all(18),
};

/** `8`, `8/0`, `echo-request` or `any` -> type and code range; null when unreadable. */
export function parseIcmpType(text: string): IcmpSpec | null {
  const named = Object.prototype.hasOwnProperty.call(NAMES, text) ? NAMES[text] : undefined;
  if (named !== undefined) return named;
  const m = /^([0-9]{1,3})(?:\/([0-9]{1,3}))?$/.exec(text);
  if (m === null) return null;
  const type = Number(m[1]);
  if (type > 255) return null;
  if (m[2] === undefined) return all(type);
  const code = Number(m[2]);
  return code > 255 ? null : one(type, code);
}

/**
 * `-m icmp --icmp-type T[/C]` as xt icmp_type_code_match(): type 255 (`any`) matches every ICMP
 * packet, otherwise the type must be equal and the code within range; `!` inverts.
 */
export function compileIcmpMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const specs: Array<{ spec: IcmpSpec; negated: boolean }> = [];
  const texts: string[] = [];
  for (const option of match.options) {
    if (option.name !== 'icmp-type') return optionNotModelled(match, option, site);
    const spec = parseIcmpType(option.values[0] ?? '');
    if (spec === null) return badValue(match, option, site);
    specs.push({ spec, negated: option.negated });
    texts.push(optionText(option));
  }
  const text = texts.join(', ');
  return {
    module: 'icmp',
    test(ctx) {
      if (ctx.proto !== 1) return NO;
      const { icmpType, icmpCode } = ctx.packet;
      for (const { spec, negated } of specs) {
        const hit = spec.type === 255 || (icmpType === spec.type && icmpCode >= spec.codeMin && icmpCode <= spec.codeMax);
        if (hit === negated) return NO;
      }
      return YES;
    },
    describe: () => text,
  };
}
