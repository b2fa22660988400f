import type { IpsetMember, RuleMatch, RuleOption } from '@hookpath/model';
import { formatIpv4 } from '../net/ipv4';
import { NO, UNDECIDED, YES, type CompiledMatch } from './compiled-types';
import type { EvalContext } from './eval-context';
import type { CompiledSet, ProbeValue, SetDimension } from './ipset-types';
import { badValue, optionNotModelled, siteText, undecidable, type MatchSite } from './matches/match-support';
import { hex, protocolName } from './option-values';

type Direction = 'src' | 'dst';

interface SetTest {
  outcome: 'hit' | 'miss' | 'undecided';
  /** The set the answer came from (a member set for list:set). */
  set: CompiledSet;
  /** The member found, also when a nomatch member made the answer a miss. */
  member: IpsetMember | null;
  probe: ProbeValue[];
  reason: string;
}

/** The packet's value for one dimension, read from its source or destination side (ip_set_get_ip4_port & co.). */
function probeValue(ctx: EvalContext, set: CompiledSet, dimension: SetDimension, dir: Direction): ProbeValue | undefined {
  const packet = ctx.packet;
  switch (dimension) {
    case 'ip':
    case 'net':
      return dir === 'src' ? ctx.src : ctx.dst;
    case 'port': {
      // ICMP has no ports: ipset keys it by type << 8 | code
      const port = packet.proto === 'icmp' ? (packet.icmpType << 8) | packet.icmpCode : dir === 'src' ? packet.sport : packet.dport;
      return set.method === 'bitmap' ? port : ctx.proto * 65536 + port;
    }
    case 'mac':
      return dir === 'src' && packet.srcMac !== undefined ? packet.srcMac.toLowerCase() : undefined;
    case 'iface':
      return dir === 'src' ? ctx.input.inIface : ctx.input.outIface;
    case 'mark':
      return (packet.mark & set.markmask) >>> 0;
    case 'set':
      return null;
  }
}

/**
 * Sets with a MAC dimension read the frame's Ethernet header, which a locally generated packet
 * does not have yet (OUTPUT, and POSTROUTING without an incoming interface), and which is all
 * zeros on lo: the set type then returns -EINVAL, a miss.
 */
function frameWithoutMac(ctx: EvalContext): boolean {
  const local = ctx.hook === 'OUTPUT' || (ctx.hook === 'POSTROUTING' && ctx.input.inIface === null);
  return local || ctx.input.inIface === 'lo' || ctx.packet.srcMac === '00:00:00:00:00:00';
}

/** ip_set_test(): the dimension and family checks, the lookup, nomatch and --return-nomatch. */
function testSet(ctx: EvalContext, set: CompiledSet, dirs: readonly Direction[], returnNomatch: boolean, depth: number): SetTest {
  const miss: SetTest = { outcome: 'miss', set, member: null, probe: [], reason: '' };
  if (set.unsupported !== null) return { ...miss, outcome: 'undecided', reason: set.unsupported };
  if (set.method === 'list') {
    if (depth > 0) return miss;
    for (const inner of set.members) {
      const result = testSet(ctx, inner, dirs, returnNomatch, depth + 1);
      if (result.outcome !== 'miss') return result;
    }
    return miss;
  }
  if (dirs.length < set.dimensions.length || set.family !== 'inet') return miss;
  if (set.dimensions.includes('mac') && frameWithoutMac(ctx)) return miss;
  const probe: ProbeValue[] = [];
  for (let d = 0; d < set.dimensions.length; d++) {
    const value = probeValue(ctx, set, set.dimensions[d] as SetDimension, dirs[d] as Direction);
    if (value === undefined) {
      return {
        ...miss,
        outcome: 'undecided',
        reason: `set "${set.name}" (${set.type}) is looked up by a MAC address the trace does not know`,
      };
    }
    probe.push(value);
  }
  const member = set.lookup(probe);
  if (member === null) return { ...miss, probe };
  let hit = !(set.nomatch && member.nomatch);
  if (returnNomatch && set.nomatch) hit = !hit;
  return { outcome: hit ? 'hit' : 'miss', set, member, probe, reason: '' };
}

function formatProbe(set: CompiledSet, probe: readonly ProbeValue[]): string {
  return probe
    .map((value, d) => {
      if (value === null) return '-';
      switch (set.dimensions[d]) {
        case 'ip':
        case 'net':
          return formatIpv4(value as number);
        case 'port': {
          const key = value as number;
          if (set.method === 'bitmap') return `${key}`;
          const proto = Math.floor(key / 65536);
          const port = key % 65536;
          return proto === 1 ? `icmp:${port >> 8}/${port & 255}` : `${protocolName(proto)}:${port}`;
        }
        case 'mark':
          return hex(value as number);
        case 'mac':
        case 'iface':
        case 'set':
        case undefined:
          return `${value}`;
      }
    })
    .join(',');
}

const sideWord = (dir: Direction): string => (dir === 'src' ? 'source' : 'destination');

function sides(dirs: readonly Direction[], count: number): string {
  const used = dirs.slice(0, Math.max(1, count));
  return used.every((d) => d === used[0]) ? sideWord(used[0] as Direction) : used.map(sideWord).join(',');
}

function explain(
  name: string,
  outer: CompiledSet,
  result: SetTest,
  dirs: readonly Direction[],
  negated: boolean,
  returnNomatch: boolean,
): string {
  const set = result.set;
  const what = `${sides(dirs, set.dimensions.length)} ${formatProbe(set, result.probe)}`.trimEnd();
  const through = set === outer ? '' : `, through member set ${set.name} (${set.type})`;
  const member = result.member;
  const memberNote = member !== null && member.value !== formatProbe(set, result.probe) ? `, member ${member.value}` : '';
  if (!negated) {
    if (returnNomatch && member?.nomatch === true)
      return `${what} matches nomatch member ${member.value} of set ${name} (${outer.type}${through}, --return-nomatch)`;
    return `${what} is in set ${name} (${outer.type}${through}${memberNote})`;
  }
  if (member !== null && member.nomatch)
    return `${what} is not in set ${name} (${outer.type}${through}): member ${member.value} is nomatch`;
  if (result.probe.length === 0) return `packet is not in set ${name} (${outer.type})`;
  return `${what} is not in set ${name} (${outer.type}${through})`;
}

function parseDirections(text: string): Direction[] | null {
  const dirs = text.split(',');
  return dirs.every((d) => d === 'src' || d === 'dst') && dirs.length <= 6 ? (dirs as Direction[]) : null;
}

/** Counter updates do not change the answer; the counter comparisons (--packets-gt ...) are not modelled. */
const IGNORED_OPTIONS = new Set(['update-counters', 'update-subcounters', 'no-update-counters', 'no-update-subcounters']);

/**
 * `-m set [!] --match-set NAME FLAGS [--return-nomatch]` (xt_set.c, ip_set_core.c ip_set_test):
 * FLAGS gives per dimension the packet side to read (`dst,dst` on hash:ip,port = destination address
 * and destination port); fewer flags than the set has dimensions never match, extra ones are
 * ignored; a nomatch member found first makes it a miss (a hit with --return-nomatch).
 */
export function compileSetMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let spec: RuleOption | null = null;
  let returnNomatch = false;
  for (const option of match.options) {
    if (option.name === 'match-set') spec = option;
    else if (option.name === 'return-nomatch') returnNomatch = true;
    else if (!IGNORED_OPTIONS.has(option.name)) return optionNotModelled(match, option, site);
  }
  if (spec === null) return undecidable('set', `match "-m set" in ${siteText(site)} has no --match-set`);
  const name = spec.values[0] ?? '';
  const dirs = parseDirections(spec.values[1] ?? '');
  if (dirs === null) return badValue(match, spec, site);
  if (site.sets === null)
    return undecidable('set', `match "-m set --match-set ${name}" in ${siteText(site)} needs the ipsets, which the snapshot does not have`);
  const set = site.sets.get(name);
  if (set === undefined) return undecidable('set', `set "${name}" used in ${siteText(site)} is not in the snapshot's ipsets`);
  const negated = spec.negated;
  let last: SetTest | null = null;
  return {
    module: 'set',
    test(ctx) {
      const result = testSet(ctx, set, dirs, returnNomatch, 0);
      last = result;
      if (result.outcome === 'undecided') {
        ctx.undecided = `${result.reason} (${siteText(site)})`;
        return UNDECIDED;
      }
      return (result.outcome === 'hit') !== negated ? YES : NO;
    },
    describe(ctx) {
      const result = last ?? testSet(ctx, set, dirs, returnNomatch, 0);
      return explain(name, set, result, dirs, negated, returnNomatch);
    },
  };
}
