import type { RuleMatch, RuleOption } from '@hookpath/model';
import type { CtTuple, CtView } from '../../conntrack/ct-view';
import { parseIpv4, parsePrefix } from '../../net/ipv4';
import { NO, UNDECIDED, YES, type CompiledMatch } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { parsePortRange, protocolNumber } from '../option-values';
import { badValue, optionNotModelled, optionText, type MatchSite } from './match-support';

const STATES = new Set(['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT']);
const STATUSES = new Set(['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED']);

/** The state names a packet has for `--ctstate` (with SNAT/DNAT) or `--state` (without). */
export function stateNames(ctx: EvalContext, withNat: boolean): string[] {
  const names: string[] = [ctx.ctState];
  const ct = ctx.ct;
  if (withNat && ct !== null) {
    if (ct.status.snat) names.push('SNAT');
    if (ct.status.dnat) names.push('DNAT');
  }
  return names;
}

function statusNames(ct: CtView): Set<string> {
  const names = new Set<string>();
  if (ct.status.expected) names.add('EXPECTED');
  if (ct.status.seenReply) names.add('SEEN_REPLY');
  if (ct.status.assured) names.add('ASSURED');
  if (ct.confirmed) names.add('CONFIRMED');
  return names;
}

/** True, false, or why the snapshot cannot tell. */
type CtCheck = (ct: CtView, ctx: EvalContext) => boolean | { undecided: string };

const protoNumber: Readonly<Record<CtTuple['proto'], number>> = { icmp: 1, tcp: 6, udp: 17 };

function addressCheck(option: RuleOption, pick: (ct: CtView) => string): CtCheck | null {
  const prefix = parsePrefix(option.values[0] ?? '');
  if (prefix === null) return null;
  const negated = option.negated;
  return (ct) => {
    const address = parseIpv4(pick(ct));
    const hit = address !== null && (address & prefix.mask) >>> 0 === prefix.network;
    return hit !== negated;
  };
}

function portCheck(option: RuleOption, pick: (ct: CtView) => number): CtCheck | null {
  const range = parsePortRange(option.values[0] ?? '');
  if (range === null) return null;
  const negated = option.negated;
  return (ct) => {
    const port = pick(ct);
    return (port >= range.from && port <= range.to) !== negated;
  };
}

function compileCtOption(option: RuleOption): CtCheck | null | 'unknown' {
  const negated = option.negated;
  switch (option.name) {
    case 'ctproto': {
      const number = protocolNumber(option.values[0] ?? '');
      if (number === null) return null;
      return (ct) => (protoNumber[ct.original.proto] === number) !== negated;
    }
    case 'ctorigsrc':
      return addressCheck(option, (ct) => ct.original.src);
    case 'ctorigdst':
      return addressCheck(option, (ct) => ct.original.dst);
    case 'ctreplsrc':
      return addressCheck(option, (ct) => ct.reply.src);
    case 'ctrepldst':
      return addressCheck(option, (ct) => ct.reply.dst);
    case 'ctorigsrcport':
      return portCheck(option, (ct) => ct.original.sport);
    case 'ctorigdstport':
      return portCheck(option, (ct) => ct.original.dport);
    case 'ctreplsrcport':
      return portCheck(option, (ct) => ct.reply.sport);
    case 'ctrepldstport':
      return portCheck(option, (ct) => ct.reply.dport);
    case 'ctstatus': {
      const wanted = (option.values[0] ?? '').split(',');
      if (!wanted.every((s) => STATUSES.has(s))) return null;
      return (ct) => {
        const has = statusNames(ct);
        const hit = wanted.some((s) => has.has(s));
        // ASSURED decides only when no other wanted status is there already
        if (!hit && wanted.includes('ASSURED') && ct.assuredUnknown !== undefined)
          return { undecided: `--ctstatus ${wanted.join(',')}: ${ct.assuredUnknown}` };
        return hit !== negated;
      };
    }
    case 'ctdir': {
      const dir = option.values[0];
      if (dir !== 'ORIGINAL' && dir !== 'REPLY') return null;
      return (ct) => (ct.direction === dir) !== negated;
    }
    default:
      return 'unknown';
  }
}

/** Kernel order of the checks after the state (xt_conntrack.c conntrack_mt). */
const ORDER = [
  'ctdir',
  'ctorigsrc',
  'ctorigdst',
  'ctreplsrc',
  'ctrepldst',
  'ctproto',
  'ctorigsrcport',
  'ctorigdstport',
  'ctreplsrcport',
  'ctrepldstport',
  'ctstatus',
];

/**
 * `-m conntrack` as xt_conntrack.c (revision 3) evaluates it. `--ctstate` sees the packet's state
 * (INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED) plus the virtual SNAT/DNAT states of a
 * translated connection. Without a usable connection (conntrack off, untracked, invalid) the match
 * is true only when `--ctstate` was given and passed; every other option then fails, `!` or not.
 */
export function compileConntrackMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let state: { names: Set<string>; negated: boolean } | null = null;
  const checks: CtCheck[] = [];
  const texts: string[] = [];
  const byName = new Map<string, RuleOption>();
  for (const option of match.options) {
    if (option.name === 'ctstate') {
      const names = (option.values[0] ?? '').split(',');
      if (!names.every((s) => STATES.has(s))) return badValue(match, option, site);
      state = { names: new Set(names), negated: option.negated };
      continue;
    }
    if (!ORDER.includes(option.name)) return optionNotModelled(match, option, site);
    byName.set(option.name, option);
  }
  for (const name of ORDER) {
    const option = byName.get(name);
    if (option === undefined) continue;
    const check = compileCtOption(option);
    if (check === 'unknown') return optionNotModelled(match, option, site);
    if (check === null) return badValue(match, option, site);
    checks.push(check);
    texts.push(optionText(option));
  }
  const stateCheck = state;
  // the fixed parts of the description, joined once
  const described = texts.join(', ');
  const stateList = stateCheck === null ? '' : [...stateCheck.names].join(',');
  return {
    module: 'conntrack',
    test(ctx) {
      if (stateCheck !== null) {
        const hit = stateNames(ctx, true).some((s) => stateCheck.names.has(s));
        if (hit === stateCheck.negated) return NO;
      }
      const ct = ctx.ct;
      if (ct === null) return stateCheck !== null ? YES : NO;
      for (const check of checks) {
        const result = check(ct, ctx);
        if (typeof result === 'object') {
          ctx.undecided = result.undecided;
          return UNDECIDED;
        }
        if (!result) return NO;
      }
      return YES;
    },
    describe(ctx) {
      if (stateCheck === null) return described;
      const state = `ctstate ${stateNames(ctx, true).join(',')} ${stateCheck.negated ? 'is not in' : 'is in'} ${stateList}`;
      return texts.length === 0 ? state : `${state}, ${described}`;
    },
  };
}

const STATE_MATCH_STATES = new Set(['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED']);

/** `-m state --state LIST` (xt_state.c): the packet's state, without the SNAT/DNAT virtual states. */
export function compileStateMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  const option = match.options[0];
  if (option === undefined) return { module: 'state', test: () => YES, describe: () => '' };
  if (option.name !== 'state') return optionNotModelled(match, option, site);
  const extra = match.options[1];
  if (extra !== undefined) return optionNotModelled(match, extra, site);
  const names = (option.values[0] ?? '').split(',');
  if (!names.every((s) => STATE_MATCH_STATES.has(s))) return badValue(match, option, site);
  const wanted = new Set(names);
  const negated = option.negated;
  return {
    module: 'state',
    test: (ctx) => (wanted.has(ctx.ctState) !== negated ? YES : NO),
    describe: (ctx) => `state ${ctx.ctState} ${negated ? 'is not in' : 'is in'} ${names.join(',')}`,
  };
}
