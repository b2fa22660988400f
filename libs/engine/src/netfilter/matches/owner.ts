import type { RuleMatch, RuleOption } from '@hookpath/model';
import { NO, UNDECIDED, YES, type CompiledMatch } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { badValue, optionNotModelled, optionText, siteText, type MatchSite } from './match-support';

interface IdRange {
  from: number;
  to: number;
  negated: boolean;
}

function idRange(option: RuleOption): IdRange | null {
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(option.values[0] ?? '');
  if (m === null) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to ? { from, to, negated: option.negated } : null;
}

const inRange = (range: IdRange, id: number): boolean => id >= range.from && id <= range.to;

/**
 * The packet's local socket owner: null when it has none. A forwarded packet in POSTROUTING has
 * none; a locally generated one needs `TableInput.owner`, undefined when the trace does not know it.
 */
function socketOwner(ctx: EvalContext): { uid: number; gid: number } | null | undefined {
  const owner = ctx.input.owner;
  if (owner !== undefined) return owner;
  if (ctx.hook === 'POSTROUTING' && ctx.input.inIface !== null) return null;
  return undefined;
}

/**
 * `-m owner` (xt_owner.c), valid in OUTPUT and POSTROUTING. Without a local socket the match is
 * true only when every option given is negated; with one, `! --socket-exists` fails and the uid
 * and gid (ranges `A-B`) are compared, `!` per option. `--suppl-groups` also accepts a
 * supplementary group, which the trace does not know: it can only confirm the primary group.
 */
export function compileOwnerMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let uid: IdRange | null = null;
  let gid: IdRange | null = null;
  let socketExists: boolean | null = null;
  let supplementary = false;
  for (const option of match.options) {
    switch (option.name) {
      case 'uid-owner':
        uid = idRange(option);
        if (uid === null) return badValue(match, option, site);
        break;
      case 'gid-owner':
        gid = idRange(option);
        if (gid === null) return badValue(match, option, site);
        break;
      case 'socket-exists':
        socketExists = !option.negated;
        break;
      case 'suppl-groups':
        supplementary = true;
        break;
      default:
        return optionNotModelled(match, option, site);
    }
  }
  const allNegated = match.options.every((o) => o.name === 'suppl-groups' || o.negated);
  const text = match.options.map((o) => optionText(o)).join(', ');
  const where = siteText(site);
  const u = uid;
  const g = gid;
  const wantsSocket = socketExists;
  return {
    module: 'owner',
    test(ctx) {
      if (ctx.hook !== 'OUTPUT' && ctx.hook !== 'POSTROUTING') return NO;
      const owner = socketOwner(ctx);
      if (owner === undefined) {
        ctx.undecided = `match "-m owner" in ${where} needs the sending socket's uid/gid, which the trace does not know`;
        return UNDECIDED;
      }
      if (owner === null) return allNegated ? YES : NO;
      if (wantsSocket === false) return NO;
      if (u !== null && inRange(u, owner.uid) === u.negated) return NO;
      if (g !== null) {
        const primary = inRange(g, owner.gid);
        if (!primary && supplementary && !g.negated) {
          ctx.undecided = `match "-m owner --suppl-groups" in ${where} needs the socket's supplementary groups, which the trace does not know`;
          return UNDECIDED;
        }
        if (primary === g.negated) return NO;
      }
      return YES;
    },
    describe(ctx) {
      const owner = socketOwner(ctx);
      return owner === null || owner === undefined ? `${text} (no local socket)` : `${text} (uid ${owner.uid}, gid ${owner.gid})`;
    },
  };
}
